package dev.crmplatform.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Small TCP checks used to find local servers and to refuse to start on a port that is already taken. */
public final class Ports {

    private Ports() {
    }

    /** Whether something accepts TCP connections on host:port within 300 ms. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(int port, String what) {
        if (answers("127.0.0.1", port)) {
            throw new LaunchException("Port " + port + " (" + what + ") is already in use. Stop whatever listens there "
                    + "(`ss -ltnp 'sport = :" + port + "'` shows it; often an earlier launcher still running) and retry.");
        }
    }
}
