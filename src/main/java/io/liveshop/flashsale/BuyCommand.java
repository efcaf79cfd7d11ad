package io.liveshop.flashsale;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.commands.CommandFields;
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
        return sales.buyOnSocket(caller, CommandFields.positiveId(message, "saleId"), CommandFields.requestId(message));
    }
}
