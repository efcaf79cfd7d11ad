package io.liveshop.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bidding rules in memory: increments, proxy bids, ties, the extension rule and the close instant. */
class AuctionBookTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final List<AuctionBook.Row> written = new ArrayList<>();

    private static AuctionBook book(AuctionMode mode, int durationSeconds) {
        return new AuctionBook(1, 7, 3, 2, "host", "Card", "EUR", mode, mode == AuctionMode.STANDARD ? 10 : 0, 1000,
                null, T0, Set.of("host", "cohost"), AuctionStatus.RUNNING,
                new AuctionBook.State(null, null, null, null, 0, T0.plusSeconds(durationSeconds)));
    }

    private AuctionBook.Decision bid(AuctionBook b, String who, Long amount, Long max, int atSecond) {
        AuctionBook.Decision d = b.decide(who, who.toUpperCase(), amount, max, who + "-" + written.size(), "f",
                T0.plusSeconds(atSecond), null);
        written.addAll(d.rows());
        b.nextBatch();
        b.written();
        return d;
    }

    private void assertStrictlyIncreasing() {
        for (int i = 1; i < written.size(); i++) {
            assertTrue(written.get(i).amount() > written.get(i - 1).amount(), "rows " + written);
            assertEquals(written.get(i - 1).seq() + 1, written.get(i).seq(), "rows " + written);
        }
    }

    @Test
    void firstBidAtTheStartingPriceThenPricePlusIncrement() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 60);
        assertEquals(BidOutcome.TOO_LOW, bid(b, "a", 999L, null, 1).outcome());
        assertEquals(BidOutcome.LEADING, bid(b, "a", 1000L, null, 1).outcome());
        assertEquals(BidOutcome.TOO_LOW, bid(b, "b", 1099L, null, 2).outcome());
        AuctionBook.Decision d = bid(b, "b", 1100L, null, 2);
        assertEquals(BidOutcome.LEADING, d.outcome());
        assertEquals(1100L, d.after().price());
        assertEquals(1200L, d.minNext());
        assertEquals(List.of(1200L, 1300L, 1400L), Increments.quickBids(1100L, 1000));
        assertStrictlyIncreasing();
    }

    @Test
    void aStandingMaxAnswersOneIncrementAboveAndLosesOnlyToAHigherMax() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 60);
        AuctionBook.Decision a = bid(b, "a", null, 5000L, 1);
        assertEquals(BidOutcome.LEADING, a.outcome());
        assertEquals(1000L, a.after().price(), "a max bid opens at the starting price");

        AuctionBook.Decision plain = bid(b, "b", 2000L, null, 2);
        assertEquals(BidOutcome.OUTBID, plain.outcome());
        assertEquals(2100L, plain.after().price(), "the proxy bids one increment above");
        assertEquals("a", plain.after().leaderId());
        assertTrue(plain.rows().get(1).auto());

        AuctionBook.Decision higher = bid(b, "c", null, 8000L, 3);
        assertEquals(BidOutcome.LEADING, higher.outcome());
        assertEquals(5000L + Increments.of(5000L), higher.after().price());
        assertEquals("c", higher.after().leaderId());
        assertEquals(5000L, higher.rows().get(0).amount(), "a's proxy went to its max before it was beaten");
        assertStrictlyIncreasing();
    }

    @Test
    void twoEqualMaxBidsResolveAtOnceAndTheEarlierWins() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 60);
        bid(b, "a", null, 3000L, 1);
        AuctionBook.Decision tie = bid(b, "b", null, 3000L, 2);
        assertEquals(BidOutcome.OUTBID, tie.outcome());
        assertEquals(3000L, tie.after().price());
        assertEquals("a", tie.after().leaderId());
        assertEquals(1, tie.rows().size(), "no auto-bid above a tie");
        assertStrictlyIncreasing();
    }

    @Test
    void theLeaderRaisesItsMaxWithoutAVisibleBid() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 60);
        bid(b, "a", null, 2000L, 1);
        AuctionBook.Decision raise = bid(b, "a", null, 4000L, 2);
        assertEquals(BidOutcome.LEADING, raise.outcome());
        assertTrue(raise.rows().isEmpty());
        assertEquals(1000L, raise.after().price());
        assertEquals(BidOutcome.OUTBID, bid(b, "b", 3500L, null, 3).outcome());
        assertStrictlyIncreasing();
    }

    @Test
    void standardExtendsABidInTheLastSecondsSuddenDeathNever() {
        AuctionBook standard = book(AuctionMode.STANDARD, 30);
        bid(standard, "a", 1000L, null, 5);
        assertEquals(T0.plusSeconds(30), standard.endsAt(), "an early bid does not extend");
        bid(standard, "b", 1100L, null, 25);
        assertEquals(T0.plusSeconds(35), standard.endsAt(), "a bid 5 s before the end extends to 10 s after it");

        AuctionBook sudden = book(AuctionMode.SUDDEN_DEATH, 30);
        bid(sudden, "a", 1000L, null, 29);
        assertEquals(T0.plusSeconds(30), sudden.endsAt());
    }

    @Test
    void aBidAtTheEndInstantIsRefusedAndTheBookCloses() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 30);
        AuctionBook.Decision last = b.decide("a", "A", 1000L, null, "r1", "f", T0.plusSeconds(30).minusMillis(1), null);
        assertEquals(BidOutcome.LEADING, last.outcome());
        AuctionBook.Decision late = b.decide("b", "B", 5000L, null, "r2", "f", T0.plusSeconds(30), null);
        assertEquals(BidOutcome.ENDED, late.outcome(), "a bid at the close instant is refused");
        assertFalse(b.closeIfDue(T0.plusSeconds(30)), "the accepted bid must be written before settling");
        assertEquals(1, b.nextBatch().size());
        assertTrue(b.written(), "settles once the last accepted bid is durable");
    }

    @Test
    void hostAndCoHostAreNotAllowedAndNothingChanges() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 30);
        assertEquals(BidOutcome.NOT_ALLOWED, bid(b, "host", 5000L, null, 1).outcome());
        assertEquals(BidOutcome.NOT_ALLOWED, bid(b, "cohost", null, 5000L, 1).outcome());
        assertNull(b.state().price());
        assertTrue(written.isEmpty());
    }

    @Test
    void cancelOnlyBeforeTheFirstBid() {
        AuctionBook b = book(AuctionMode.SUDDEN_DEATH, 30);
        assertTrue(b.beginCancel());
        b.cancelFailed();
        bid(b, "a", 1000L, null, 1);
        assertFalse(b.beginCancel());
    }
}
