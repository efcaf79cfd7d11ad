package io.liveshop.livestream;

import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public lists: live streams by viewers now (most first, then newest), upcoming ones by start time (soonest
 * first, unscheduled last). Keyset pages: the cursor holds the last row's sort key, the next page starts strictly
 * after it. Live audiences move between two requests, so a live stream may appear on two pages or on none.
 * Surge reads come from memory: the live streams and each upcoming page are read from the database at most once per
 * {@link #FRESH_NANOS} (the lists may be that old); live ranks use the audience at the time of the request.
 */
@ApplicationScoped
public class StreamDirectory {

    /** Live streams are ranked in memory by audience; more than this many live at once are not all ranked. */
    static final int MAX_LIVE_RANKED = 5000;

    private static final Comparator<StreamListing> BY_AUDIENCE = Comparator.comparingInt(StreamListing::viewers)
            .reversed().thenComparing(Comparator.comparingLong(StreamListing::id).reversed());

    static final long FRESH_NANOS = 1_000_000_000L;
    private static final int MAX_CACHED_PAGES = 1000;

    private record Cached<T>(T value, long loadedAt) {
        boolean fresh(long now) {
            return now - loadedAt < FRESH_NANOS;
        }
    }

    private volatile Cached<List<StreamListing>> liveRows;
    private final Map<String, Cached<Page<StreamListing>>> upcomingPages = new ConcurrentHashMap<>();
    private final LiveStreamRepository streams;
    private final AudienceCounts audience;

    StreamDirectory(LiveStreamRepository streams, AudienceCounts audience) {
        this.streams = streams;
        this.audience = audience;
    }

    public Uni<Page<StreamListing>> page(LiveStreamStatus status, String cursor, int limit) {
        return status == LiveStreamStatus.LIVE ? live(cursor, limit) : upcoming(cursor, limit);
    }

    private Uni<Page<StreamListing>> live(String cursor, int limit) {
        long[] after = decode(cursor, "v");
        Cached<List<StreamListing>> cached = liveRows;
        Uni<List<StreamListing>> rows = cached != null && cached.fresh(System.nanoTime())
                ? Uni.createFrom().item(cached.value())
                : Panache.withSession(() -> streams.find("status = ?1", LiveStreamStatus.LIVE)
                        .range(0, MAX_LIVE_RANKED - 1).list())
                        .map(found -> found.stream().map(s -> listing(s, 0)).toList())
                        .invoke(found -> liveRows = new Cached<>(found, System.nanoTime()));
        return rows.map(found -> {
            List<StreamListing> ranked = new ArrayList<>(found.size());
            for (StreamListing s : found) {
                ranked.add(withViewers(s, audience.live(s.id())));
            }
            ranked.sort(BY_AUDIENCE);
            List<StreamListing> page = new ArrayList<>(limit + 1);
            for (StreamListing s : ranked) {
                boolean afterCursor = after == null || s.viewers() < after[0]
                        || (s.viewers() == after[0] && s.id() < after[1]);
                if (afterCursor && page.size() <= limit) {
                    page.add(s);
                }
            }
            return pageOf(page, limit, last -> encode("v", last.viewers(), last.id()));
        });
    }

    private Uni<Page<StreamListing>> upcoming(String cursor, int limit) {
        long[] after = decode(cursor, "s");
        String key = limit + "|" + (cursor == null ? "" : cursor);
        Cached<Page<StreamListing>> cached = upcomingPages.get(key);
        if (cached != null && cached.fresh(System.nanoTime())) {
            return Uni.createFrom().item(cached.value());
        }
        return Panache.withSession(() -> upcomingFromDatabase(after, limit)).invoke(page -> {
            if (upcomingPages.size() >= MAX_CACHED_PAGES) {
                upcomingPages.clear();
            }
            upcomingPages.put(key, new Cached<>(page, System.nanoTime()));
        });
    }

    private Uni<Page<StreamListing>> upcomingFromDatabase(long[] after, int limit) {
        var query = after == null
                ? streams.find("status = ?1 order by scheduledStart asc nulls last, id asc", LiveStreamStatus.SCHEDULED)
                : after[0] == Long.MAX_VALUE
                        ? streams.find("status = ?1 and scheduledStart is null and id > ?2 order by id asc",
                                LiveStreamStatus.SCHEDULED, after[1])
                        : streams.find("status = ?1 and (scheduledStart > ?2 or (scheduledStart = ?2 and id > ?3)"
                                + " or scheduledStart is null) order by scheduledStart asc nulls last, id asc",
                                LiveStreamStatus.SCHEDULED, Instant.ofEpochMilli(after[0]), after[1]);
        return query.range(0, limit).list().map(rows -> pageOf(
                rows.stream().map(s -> listing(s, 0)).toList(), limit,
                last -> encode("s", last.scheduledStart() == null ? Long.MAX_VALUE
                        : last.scheduledStart().toEpochMilli(), last.id())));
    }

    private static StreamListing withViewers(StreamListing s, int viewers) {
        return new StreamListing(s.id(), s.title(), s.hostId(), s.status(), s.scheduledStart(), s.wentLiveAt(),
                s.playbackUrl(), s.pinnedProductId(), viewers);
    }

    private static StreamListing listing(LiveStream s, int viewers) {
        return new StreamListing(s.id, s.title, s.hostId, s.status, s.scheduledStart, s.wentLiveAt, s.playbackUrl,
                s.pinnedProductId, viewers);
    }

    private static Page<StreamListing> pageOf(List<StreamListing> rows, int limit,
            java.util.function.Function<StreamListing, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<StreamListing> visible = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(visible), more ? cursorOf.apply(visible.get(visible.size() - 1)) : null);
    }

    private static String encode(String kind, long key, long id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code [key, id]} of a cursor of this kind, null for the first page; 400 for anything else. */
    private static long[] decode(String cursor, String kind) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals(kind)) {
                return new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the problem below
        }
        throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
    }
}
