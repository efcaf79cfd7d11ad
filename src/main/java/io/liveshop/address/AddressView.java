package io.liveshop.address;

public record AddressView(long id, String name, String line1, String line2, String city, String region,
        String postalCode, String country, boolean isDefault) {

    public static AddressView of(Address a) {
        return new AddressView(a.id, a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country, a.isDefault);
    }
}
