package io.liveshop.voucher;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.commands.CommandFields;
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
        return vouchers.claim(caller, CommandFields.positiveId(message, "voucherId"), CommandFields.requestId(message));
    }
}
