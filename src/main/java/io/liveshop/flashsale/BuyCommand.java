package io.liveshop.flashsale;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.commands.SocketCommand;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code {"type":"buy","saleId":12,"requestId":"…"}} on a stream socket: a buy, answered by one buy-answer. */
@ApplicationScoped
public class BuyCommand implements SocketCommand {

    private final FlashSaleService sales;

    BuyCommand(FlashSaleService sales) {
        this.sales = sales;
    }

    @Override
    public String type() {
        return "buy";
    }

    @Override
    public String answerType() {
        return "buy-answer";
    }

    @Override
    public Uni<BuyAnswer> handle(CurrentUser caller, long streamId, JsonNode message) {
        JsonNode saleId = message.get("saleId");
        JsonNode requestId = message.get("requestId");
        if (saleId == null || !saleId.canConvertToLong() || !saleId.isIntegralNumber() || saleId.asLong() <= 0) {
            throw ProblemException.invalidField("saleId", "must be a positive integer");
        }
        if (requestId == null || !requestId.isTextual() || requestId.asText().isBlank()
                || requestId.asText().length() > 128) {
            throw ProblemException.invalidField("requestId", "must be a string of 1 to 128 characters");
        }
        return sales.buyOnSocket(caller, saleId.asLong(), requestId.asText());
    }
}
