package io.liveshop.flashsale;

import io.liveshop.platform.ProblemException;
import io.liveshop.platform.cluster.NodeCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Cluster mode: calls a sale's owner node ({@link ClusterSaleResource}, over {@link NodeCalls}). A failed call
 * (the owner died, the network) is a 503 with nothing taken: the client retries with the same request id, by then
 * on the sale's new owner.
 */
@ApplicationScoped
class SaleForwarding {

    static final String SECRET_HEADER = NodeCalls.SECRET_HEADER;

    private final NodeCalls calls;

    SaleForwarding(NodeCalls calls) {
        this.calls = calls;
    }

    <T> Uni<T> call(String owner, long saleId, String action, Map<String, ?> body, Class<T> answer) {
        return calls.call(owner, "/internal/cluster/sales/" + saleId + "/" + action, body, answer, unavailable());
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "Service Unavailable", "sale-owner-unavailable",
                "The node running this sale did not answer and nothing was taken; try again", null);
    }
}
