package io.liveshop.voucher;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.commands.SocketCommand;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code {"type":"claim","voucherId":7,"requestId":"…"}} on a stream socket, answered by one claim-answer. */
@ApplicationScoped
public class ClaimCommand implements SocketCommand {

    private final VoucherService vouchers;

    ClaimCommand(VoucherService vouchers) {
        this.vouchers = vouchers;
    }

    @Override
    public String type() {
        return "claim";
    }

    @Override
    public String answerType() {
        return "claim-answer";
    }

    @Override
    public Uni<ClaimAnswer> handle(CurrentUser caller, long streamId, JsonNode message) {
        JsonNode voucherId = message.get("voucherId");
        JsonNode requestId = message.get("requestId");
        if (voucherId == null || !voucherId.isIntegralNumber() || !voucherId.canConvertToLong() || voucherId.asLong() <= 0) {
            throw ProblemException.invalidField("voucherId", "must be a positive integer");
        }
        if (requestId == null || !requestId.isTextual() || requestId.asText().isBlank()
                || requestId.asText().length() > 128) {
            throw ProblemException.invalidField("requestId", "must be a string of 1 to 128 characters");
        }
        return vouchers.claim(caller, voucherId.asLong(), requestId.asText());
    }
}
