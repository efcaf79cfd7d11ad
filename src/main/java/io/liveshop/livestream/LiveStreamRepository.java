package io.liveshop.livestream;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class LiveStreamRepository implements PanacheRepositoryBase<LiveStream, Long> {

    public Uni<List<Long>> showcase(long streamId) {
        return find("select s.productId from ShowcaseItem s where s.streamId = ?1 order by s.id", streamId)
                .project(Long.class).list();
    }

    public Uni<Boolean> inShowcase(long streamId, long productId) {
        return ShowcaseItem.count("streamId = ?1 and productId = ?2", streamId, productId).map(n -> n > 0);
    }

    public Uni<Boolean> isCoHost(long streamId, String userId) {
        return CoHost.count("streamId = ?1 and userId = ?2", streamId, userId).map(n -> n > 0);
    }

    public Uni<Long> removeCoHost(long streamId, String userId) {
        return CoHost.delete("streamId = ?1 and userId = ?2", streamId, userId);
    }

    public Uni<List<String>> coHosts(long streamId) {
        return find("select c.userId from CoHost c where c.streamId = ?1 order by c.id", streamId)
                .project(String.class).list();
    }

    /** Streams that are not over and showcase the product: where a stock change must be shown. */
    public Uni<List<Long>> activeStreamsShowing(long productId) {
        return find("select s.streamId from ShowcaseItem s, LiveStream l where l.id = s.streamId and s.productId = ?1"
                + " and l.status <> ?2", productId, LiveStreamStatus.ENDED).project(Long.class).list();
    }

    public Uni<List<PinEvent>> timeline(long streamId) {
        return PinEvent.list("streamId = ?1 order by id", streamId);
    }

    public Uni<Long> removeFromShowcase(long streamId, long productId) {
        return ShowcaseItem.delete("streamId = ?1 and productId = ?2", streamId, productId);
    }
}
