package io.liveshop.voucher;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one answer to a claim attempt; {@code claimId} only for CLAIMED. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimAnswer(long voucherId, String requestId, ClaimOutcome outcome, Long claimId, boolean replayed) {

    static ClaimAnswer of(long voucherId, String requestId, ClaimOutcome outcome) {
        return new ClaimAnswer(voucherId, requestId, outcome, null, false);
    }

    ClaimAnswer asReplay() {
        return new ClaimAnswer(voucherId, requestId, outcome, claimId, true);
    }
}
