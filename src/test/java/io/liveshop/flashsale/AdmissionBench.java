package io.liveshop.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Admission alone (no HTTP, no JWT, no database): the same Infinispan caches and {@link SaleAdmission} code the
 * server uses, {@code buyers} distinct buyers, one attempt each, on one thread. Run by the command in
 * docs/BENCHMARKS-flashsale.md; not a test.
 */
public final class AdmissionBench {

    public static void main(String[] args) {
        int buyers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int units = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        EmbeddedCacheManager caches = new AdmissionCaches().cacheManager();
        SaleAdmission admission = new SaleAdmission(caches, new FlashSaleConfig() {
            public Duration paymentWindow() { return Duration.ofMinutes(5); }
            public Duration batchWindow() { return Duration.ofMillis(5); }
            public int batchMax() { return 500; }
            public Duration tick() { return Duration.ofMillis(200); }
            public Duration answerRetention() { return Duration.ofMinutes(30); }
            public Duration endedRetention() { return Duration.ofMinutes(1); }
            public BuyRate buyRate() {
                return new BuyRate() {
                    public int limit() { return 10; }
                    public Duration window() { return Duration.ofSeconds(1); }
                };
            }
        });
        for (int round = 0; round < rounds; round++) {
            FlashSale sale = new FlashSale();
            sale.id = (long) round + 1;
            sale.title = "bench";
            sale.currency = "EUR";
            sale.perBuyerLimit = 1;
            sale.opensAt = Instant.now().minusSeconds(1);
            sale.endsAt = Instant.now().plusSeconds(600);
            admission.put(SaleSlot.of(sale, false, units, 0, 0));
            Map<SaleAdmission.Result, Integer> results = new TreeMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < buyers; i++) {
                String buyer = "b" + i;
                admission.tryAttempt(buyer + "-" + round, System.currentTimeMillis());
                results.merge(admission.admit(sale.id, buyer, Instant.now()), 1, Integer::sum);
            }
            long ns = System.nanoTime() - start;
            if (round >= rounds - 3) {
                System.out.printf("round %d: %d attempts in %.1f ms -> %.0f admissions/s, %.2f us each; %s%n", round,
                        buyers, ns / 1e6, buyers / (ns / 1e9), ns / 1e3 / buyers, results);
            }
        }
        caches.stop();
    }
}
