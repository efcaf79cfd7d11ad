package io.liveshop.address;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A buyer's shipping addresses; other features read them through {@link #resolve} inside their own session. */
@ApplicationScoped
public class AddressService {

    static final int MAX_PER_BUYER = 20;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final AddressRepository addresses;

    AddressService(AddressRepository addresses) {
        this.addresses = addresses;
    }

    /** A saved address, and whether it answers an earlier request with the same Idempotency-Key. */
    public record Created(Address address, boolean replayed) {
    }

    /**
     * Saves an address. With an {@code Idempotency-Key} a retry answers the address the first request saved (422
     * {@code idempotency-key-reused} for another body); a concurrent duplicate loses on the unique key and is
     * answered the same way.
     */
    public Uni<Created> create(CurrentUser buyer, AddressRequest request, String key) {
        if (key == null) {
            return insert(buyer, request, null, null).map(a -> new Created(a, false));
        }
        String fingerprint = fingerprint(request);
        return Panache.withSession(() -> addresses.findByKey(buyer.id(), key))
                .flatMap(earlier -> earlier != null ? Uni.createFrom().item(replay(earlier, fingerprint))
                        : insert(buyer, request, key, fingerprint).map(a -> new Created(a, false))
                                .onFailure().recoverWithUni(failure -> Panache
                                        .withSession(() -> addresses.findByKey(buyer.id(), key))
                                        .map(winner -> {
                                            if (winner == null) {
                                                throw failure instanceof RuntimeException r ? r
                                                        : new IllegalStateException(failure);
                                            }
                                            return replay(winner, fingerprint);
                                        })));
    }

    private static Created replay(Address earlier, String fingerprint) {
        if (!fingerprint.equals(earlier.requestFingerprint)) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        return new Created(earlier, true);
    }

    private static String fingerprint(AddressRequest r) {
        return Fingerprint.of("address", r.name(), r.line1(), r.line2(), r.city(), r.region(), r.postalCode(),
                r.country(), r.makeDefault());
    }

    private Uni<Address> insert(CurrentUser buyer, AddressRequest request, String key, String fingerprint) {
        return Panache.withTransaction(() -> insertInSession(buyer, request, key, fingerprint));
    }

    private Uni<Address> insertInSession(CurrentUser buyer, AddressRequest request, String key, String fingerprint) {
        if (!COUNTRIES.contains(request.country())) {
            throw ProblemException.invalidField("country", "is not an ISO 3166-1 alpha-2 country code");
        }
        return addresses.countOf(buyer.id()).flatMap(count -> {
            if (count >= MAX_PER_BUYER) {
                throw ProblemException.conflict("too-many-addresses", "A buyer keeps at most " + MAX_PER_BUYER
                        + " addresses");
            }
            Address a = new Address();
            a.buyerId = buyer.id();
            a.name = request.name().strip();
            a.line1 = request.line1().strip();
            a.line2 = blankToNull(request.line2());
            a.city = request.city().strip();
            a.region = blankToNull(request.region());
            a.postalCode = request.postalCode().strip().toUpperCase(Locale.ROOT);
            a.country = request.country();
            a.createdAt = Instant.now();
            a.idempotencyKey = key;
            a.requestFingerprint = fingerprint;
            boolean makeDefault = count == 0 || Boolean.TRUE.equals(request.makeDefault());
            return addresses.persistAndFlush(a).flatMap(saved -> makeDefault
                    ? addresses.makeDefault(buyer.id(), saved.id).map(x -> {
                        saved.isDefault = true;
                        return saved;
                    })
                    : Uni.createFrom().item(saved));
        });
    }

    @WithSession
    public Uni<List<Address>> list(CurrentUser buyer) {
        return addresses.ofBuyer(buyer.id());
    }

    /**
     * The buyer's address with this id, or the default one when {@code id} is null; 409 {@code no-address} when
     * there is none, 404 for another buyer's id.
     */
    @WithSession
    public Uni<Address> resolve(String buyerId, Long id) {
        Uni<Address> found = id == null ? addresses.findDefault(buyerId) : addresses.findOwned(buyerId, id);
        return found.map(a -> {
            if (a == null && id != null) {
                throw ProblemException.notFound("Address " + id);
            }
            if (a == null) {
                throw ProblemException.conflict("no-address", "Save a shipping address first (POST /api/addresses)");
            }
            return a;
        });
    }

    /** For paying an order: the chosen address (404 if not the buyer's), else the default one, else null. */
    @WithSession
    public Uni<Address> forPayment(String buyerId, Long id) {
        return id == null ? addresses.findDefault(buyerId) : resolve(buyerId, id);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
