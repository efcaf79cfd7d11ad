package io.liveshop.auction;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.commands.SocketCommand;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code {"type":"bid","auctionId":4,"requestId":"…","amountMinor":1500}} (or {@code maxAmountMinor}) on a stream
 * socket: a bid, answered by one {@code bid-answer} frame.
 */
@ApplicationScoped
public class BidCommand implements SocketCommand {

    private static final Set<String> FIELDS = Set.of("type", "auctionId", "requestId", "amountMinor", "maxAmountMinor");
    private static final long MAX_AMOUNT = 1_000_000_000_00L;

    private final AuctionService auctions;

    BidCommand(AuctionService auctions) {
        this.auctions = auctions;
    }

    @Override
    public String type() {
        return "bid";
    }

    @Override
    public String answerType() {
        return "bid-answer";
    }

    @Override
    public Uni<BidAnswer> handle(CurrentUser caller, long streamId, JsonNode message) {
        message.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ProblemException.invalidField(name, "is not a field of a bid");
            }
        });
        long auctionId = positive(message, "auctionId", Long.MAX_VALUE);
        JsonNode requestId = message.get("requestId");
        if (requestId == null || !requestId.isTextual()) {
            throw ProblemException.invalidField("requestId", "must be a string of 1 to 128 printable characters");
        }
        Long amount = message.has("amountMinor") ? positive(message, "amountMinor", MAX_AMOUNT) : null;
        Long max = message.has("maxAmountMinor") ? positive(message, "maxAmountMinor", MAX_AMOUNT) : null;
        try {
            return auctions.bid(caller, auctionId, requestId.asText(), new BidRequest(amount, max));
        } catch (ProblemException e) {
            if (e.errors() != null && !e.errors().isEmpty() && "Idempotency-Key".equals(e.errors().get(0).field())) {
                throw ProblemException.invalidField("requestId", "must be a string of 1 to 128 printable characters");
            }
            throw e;
        }
    }

    private static long positive(JsonNode message, String field, long max) {
        JsonNode n = message.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() <= 0 || n.asLong() > max) {
            throw ProblemException.invalidField(field, "must be a positive integer up to " + max);
        }
        return n.asLong();
    }
}
