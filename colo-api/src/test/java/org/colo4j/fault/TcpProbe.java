package org.colo4j.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;

/**
 * Measures what a link fault does to TCP between the namespaces: a small JDK-only program that the
 * harness runs inside a namespace with {@code ip netns exec NS java -cp ... TcpProbe ...}, and the
 * test's handle on it.
 *
 * <ul>
 *   <li>{@code serve ADDRESS PORT}: echoes every byte of every connection; prints {@code listening};
 *       exits when its standard input closes.</li>
 *   <li>{@code talk HOST PORT}: connects once and then obeys lines on standard input:
 *       {@code ping MILLIS} sends one byte over that connection and prints {@code echo MS} or
 *       {@code stall} (nothing came back within MILLIS) or {@code error ...};
 *       {@code connect MILLIS} tries a new connection and prints {@code connected},
 *       {@code connect-timeout} or {@code connect-error ...}.</li>
 * </ul>
 */
final class TcpProbe implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintStream in;

    private TcpProbe(Process process) {
        this.process = process;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error " + e.getMessage());
            }
            lines.add("exited");
        }, "tcp-probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts an echo server on {@code role}'s address, port {@code port}, in its namespace. */
    static TcpProbe serve(NetnsLink link, Role role, int port) {
        TcpProbe p = start(link, role, "serve", NetnsLink.address(role), Integer.toString(port));
        p.expect("listening", Duration.ofSeconds(20));
        return p;
    }

    /** Connects from {@code role}'s namespace to the other role's address, port {@code port}. */
    static TcpProbe talk(NetnsLink link, Role role, int port) {
        TcpProbe p = start(link, role, "talk", NetnsLink.address(role.other()), Integer.toString(port));
        p.expect("connected", Duration.ofSeconds(20));
        return p;
    }

    /** Sends one byte over the established connection: {@code echo MS}, {@code stall} or {@code error ...}. */
    String ping(Duration wait) {
        in.println("ping " + wait.toMillis());
        return next(wait.plusSeconds(5));
    }

    /** Tries a new connection: {@code connected}, {@code connect-timeout} or {@code connect-error ...}. */
    String connect(Duration wait) {
        in.println("connect " + wait.toMillis());
        return next(wait.plusSeconds(5));
    }

    @Override
    public void close() {
        in.close();
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TcpProbe start(NetnsLink link, Role role, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-Xshare:auto");
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-cp");
        argv.add(classesDir().toString());
        argv.add(TcpProbe.class.getName());
        argv.addAll(List.of(args));
        try {
            return new TcpProbe(new ProcessBuilder(link.inNamespace(role, argv)).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the TCP probe: " + e.getMessage(), e);
        }
    }

    private static Path classesDir() {
        try {
            return Path.of(TcpProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the test classes for the TCP probe", e);
        }
    }

    private void expect(String wanted, Duration wait) {
        String line = next(wait);
        if (!line.equals(wanted)) {
            close();
            throw new IllegalStateException("TCP probe said '" + line + "', expected '" + wanted + "'");
        }
    }

    private String next(Duration wait) {
        try {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return line == null ? "no answer from the probe within " + wait : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ------------------------------------------------------------------ the program run in the namespace

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("serve")) {
            serveMain(args[1], Integer.parseInt(args[2]));
        } else if (args.length == 3 && args[0].equals("talk")) {
            talkMain(args[1], Integer.parseInt(args[2]));
        } else {
            System.out.println("usage: serve ADDRESS PORT | talk HOST PORT");
            System.exit(2);
        }
    }

    private static void serveMain(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port));
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread echo = new Thread(() -> echo(s));
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("listening");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
    }

    private static void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
                out.flush();
            }
        } catch (IOException ignored) {
            // the peer went away
        }
    }

    private static void talkMain(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
        } catch (IOException e) {
            System.out.println("connect-error " + e.getMessage());
            return;
        }
        System.out.println("connected");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] c = line.split(" ");
            int millis = Integer.parseInt(c[1]);
            if (c[0].equals("ping")) {
                System.out.println(ping(s, millis));
            } else if (c[0].equals("connect")) {
                try (Socket other = new Socket()) {
                    other.connect(new InetSocketAddress(host, port), millis);
                    System.out.println("connected");
                } catch (SocketTimeoutException e) {
                    System.out.println("connect-timeout");
                } catch (IOException e) {
                    System.out.println("connect-error " + e.getMessage());
                }
            }
            System.out.flush();
        }
    }

    private static String ping(Socket s, int millis) {
        long t0 = System.nanoTime();
        try {
            s.setSoTimeout(millis);
            s.getOutputStream().write('x');
            s.getOutputStream().flush();
            int b = s.getInputStream().read();
            return b == 'x' ? "echo " + (System.nanoTime() - t0) / 1_000_000 : "error got " + b;
        } catch (SocketTimeoutException e) {
            return "stall";
        } catch (IOException e) {
            return "error " + e.getMessage();
        }
    }
}
