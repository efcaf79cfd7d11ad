package io.liveshop.catalog;

public enum ProductStatus {
    DRAFT, ACTIVE, ARCHIVED
}
