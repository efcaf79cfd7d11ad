package io.liveshop.order;

public enum OrderSource {
    BUY_NOW, FLASH_SALE, AUCTION, CHECKOUT
}
