package io.liveshop.platform;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a keyset-paginated list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** Builds a page from a query that fetched {@code limit + 1} rows ordered by descending id. */
    public static <E, T> Page<T> of(List<E> rows, int limit, ToLongFunction<E> id, Function<E, T> view) {
        boolean more = rows.size() > limit;
        List<E> visible = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursor.encode(id.applyAsLong(visible.get(visible.size() - 1))) : null;
        return new Page<>(visible.stream().map(view).toList(), next);
    }
}
