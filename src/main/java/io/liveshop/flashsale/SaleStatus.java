package io.liveshop.flashsale;

/** ANNOUNCED during the countdown, OPEN while buyable (sold out is OPEN with nothing left), ENDED for good. */
public enum SaleStatus {
    ANNOUNCED, OPEN, ENDED
}
