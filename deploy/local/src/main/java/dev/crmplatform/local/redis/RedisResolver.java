package dev.crmplatform.local.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Finds Redis: {@code CRM_REDIS_HOST}/{@code CRM_REDIS_PORT}, else 127.0.0.1:6379. There is no embedded fallback:
 * the gateway degrades without Redis (rate limits fail open), so a missing Redis is a warning, not a stop.
 */
public final class RedisResolver {

    public record RedisEndpoint(String host, int port, boolean answering, String description) {
    }

    private RedisResolver() {
    }

    public static RedisEndpoint resolve(Map<String, String> env) {
        String host = env.get("CRM_REDIS_HOST");
        if (host != null && !host.isBlank()) {
            int port = Integer.parseInt(env.getOrDefault("CRM_REDIS_PORT", "6379"));
            return new RedisEndpoint(host, port, ping(host, port).isPresent(), "CRM_REDIS_HOST " + host + ":" + port);
        }
        return new RedisEndpoint("127.0.0.1", 6379, ping("127.0.0.1", 6379).isPresent(), "local server 127.0.0.1:6379");
    }

    /** Sends a RESP PING; any reply (+PONG, or -NOAUTH from a protected server) proves a Redis is there. */
    static Optional<String> ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            if (n <= 0) {
                return Optional.empty();
            }
            String reply = new String(buffer, 0, n, StandardCharsets.US_ASCII).trim();
            return reply.startsWith("+") || reply.startsWith("-") ? Optional.of(reply) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
