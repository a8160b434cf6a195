"""Views of the policy graph as interactive pages (vis-network, assembled with pyvis).

=================  ==================================================================
lineage            one policy's directives up to national level and its implementers,
                   in rows by level; edges by relation; stubs hollow and dashed
departments        departments sized by measures led, linked by measures shared
corpus             every policy and its citations, by level and region
policy (anatomy)   one policy: sections → measures → departments, targets, institutions
=================  ==================================================================

Styles, legends, layout sizes and thresholds are data (``visualizations/views.toml``);
pages come from our own templates with no external resource (:mod:`kg.views.render`);
:func:`publish` writes a static site of all of them (:mod:`kg.views.site`).
"""

from __future__ import annotations

from kg.views.anatomy import anatomy_view
from kg.views.common import PolicyLookupError, find_policy
from kg.views.config import ConfigError, ViewConfig, load_config
from kg.views.corpus import corpus_view
from kg.views.departments import department_view
from kg.views.lineage import lineage_view
from kg.views.model import View
from kg.views.render import render_views, write_view
from kg.views.site import publish, slug

__all__ = [
    "ConfigError", "PolicyLookupError", "View", "ViewConfig", "anatomy_view", "corpus_view", "department_view",
    "find_policy", "lineage_view", "load_config", "publish", "render_views", "slug", "write_view",
]
