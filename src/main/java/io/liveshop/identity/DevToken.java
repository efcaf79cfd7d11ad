package io.liveshop.identity;

import java.time.Instant;
import java.util.Set;

public record DevToken(String subject, Set<String> roles, String token, Instant expiresAt) {
}
