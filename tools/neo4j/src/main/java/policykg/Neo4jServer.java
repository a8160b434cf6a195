package policykg;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throw-away Neo4j Community server for development and tests: Bolt only, on 127.0.0.1, auth on.
 *
 * <pre>
 *   NEO4J_PASSWORD=... java -Xmx1g -jar neo4j-server.jar DATA_DIR [PORT] [--exit-on-stdin-close]
 * </pre>
 *
 * PORT 0 or none lets the system pick a free port. The password comes from the environment (never
 * from the command line, where {@code ps} would show it) and is never printed. When Bolt accepts
 * connections and neo4j/PASSWORD logs in without a forced change, one line goes to stdout:
 * {@code NEO4J_URI=bolt://127.0.0.1:PORT}. Runs until SIGTERM (or, with --exit-on-stdin-close, until
 * stdin closes), then shuts the databases down cleanly.
 */
public final class Neo4jServer {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        boolean watchStdin = false;
        String dataDir = null;
        int port = 0;
        for (String arg : args) {
            if (arg.equals("--exit-on-stdin-close")) {
                watchStdin = true;
            } else if (dataDir == null) {
                dataDir = arg;
            } else {
                port = Integer.parseInt(arg);
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (dataDir == null || password == null || password.isEmpty()) {
            System.err.println("usage: NEO4J_PASSWORD=... java -jar neo4j-server.jar DATA_DIR [PORT] [--exit-on-stdin-close]");
            System.exit(2);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(Path.of(dataDir).toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(System.getenv("NEO4J_PAGECACHE"), 128L * 1024 * 1024))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Netty otherwise waits a 5 s quiet period, twice, before Bolt stops.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        try {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            setPassword(system, password);
            HostnamePort bolt = ((GraphDatabaseAPI) system).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            waitForBolt(bolt.getPort());
            System.out.println("NEO4J_URI=bolt://" + HOST + ":" + bolt.getPort());
            System.out.flush();
        } catch (Exception e) {
            System.err.println("neo4j-server: " + String.valueOf(e.getMessage()).replace(password, "***"));
            System.exit(1); // runs the shutdown hook
        }

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                System.exit(0); // runs the shutdown hook
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    /** A size such as {@code 512m} or {@code 2g} (bytes without a unit); {@code fallback} when none is given. */
    static long bytes(String size, long fallback) {
        if (size == null || size.isBlank()) {
            return fallback;
        }
        String s = size.trim().toLowerCase();
        char unit = s.charAt(s.length() - 1);
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        long value = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
        return value << shift;
    }

    /** Sets the built-in user's password so that clients log in straight away, without a forced change. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // A reused data dir may already hold this password ("Old password and new password cannot be the same").
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void waitForBolt(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not accept connections on port " + port);
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // closed
        }
    }
}
