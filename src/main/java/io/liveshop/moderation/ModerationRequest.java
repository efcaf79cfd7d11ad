package io.liveshop.moderation;

import jakarta.validation.constraints.Size;

/**
 * The optional body of a moderation command ({@code {"reason": "..."}}). Owners may send it too; it is recorded
 * only when an admin acts on someone else's resource.
 */
public record ModerationRequest(@Size(max = 500) String reason) {
}
