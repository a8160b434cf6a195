.PHONY: demo test

demo:  ## build the sample documents into ./kg-workspace and ask two lineage questions
	tools/demo.sh

test:  ## install and start everything the tests need, then run the whole suite
	tools/test.sh
