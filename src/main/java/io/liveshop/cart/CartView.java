package io.liveshop.cart;

import java.util.List;

/**
 * The cart with current prices and stock. {@code currency} and {@code subtotalMinor} (current price × quantity over
 * lines still on sale) are null when the lines are priced in more than one currency, which no single checkout can pay.
 */
public record CartView(List<Line> lines, String currency, Long subtotalMinor) {

    public record Line(long productId, long sellerId, String title, long priceMinor, String currency, int quantity,
            int available, Long streamId, CartProblem problem) {
    }

    public static CartView of(List<CartRow> rows) {
        List<Line> lines = rows.stream().map(r -> new Line(r.productId(), r.sellerId(), r.title(), r.priceMinor(),
                r.currency(), r.quantity(), r.stock(), r.streamId(), r.problem())).toList();
        long currencies = rows.stream().map(CartRow::currency).distinct().count();
        if (currencies > 1) {
            return new CartView(lines, null, null);
        }
        long subtotal = rows.stream().filter(r -> r.problem() != CartProblem.ARCHIVED)
                .mapToLong(r -> r.priceMinor() * r.quantity()).sum();
        return new CartView(lines, rows.isEmpty() ? null : rows.get(0).currency(), subtotal);
    }
}
