package io.liveshop.web;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.platform.http.GuestLimits;
import io.liveshop.platform.http.GuestLimitsConfig;
import io.liveshop.realtime.StreamHub;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The viewer page and the host studio in real headless Chromium (two browsers: two separate browser contexts),
 * against the running application. Waits are generous bounds, never speed checks. Without Chromium and
 * chromedriver these tests are skipped, with the reason.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    private static Browser host;
    private static Browser viewer;

    @Inject
    StreamHub hub;

    @Inject
    GuestLimits guestLimits;

    @Inject
    GuestLimitsConfig guestsConfig;

    private static final String SKIPPED = "Browser tests skipped: no " + Browser.CHROMIUM + " or " + Browser.DRIVER
            + " (install them: apt-get install -y chromium chromium-driver)";

    @BeforeAll
    static void browsers() {
        if (!Browser.available()) {
            System.out.println(SKIPPED); // the one line that says why, once for the class
            return;
        }
        host = new Browser();
        viewer = new Browser();
    }

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(host != null, SKIPPED);
    }

    @AfterAll
    static void quit() {
        if (host != null) {
            host.close();
        }
        if (viewer != null) {
            viewer.close();
        }
    }

    @Test
    @Order(1)
    void theHostSetsUpAShowInTheStudioPinsAndTheViewerPageShowsIt() {
        host.open("/studio");
        host.type("#host-name", unique("host"));
        host.click("#signin-form button[type=submit]");
        host.type("#shop-input", "Ada's Beauty Corner");
        host.click("#shop-form button[type=submit]");
        addProduct("Red lipstick", "1299", "lipstick");
        addProduct("Silk scarf", "4500", "scarf");
        host.until(d -> d.findElements(By.cssSelector("#stream-showcase input:checked")).size() == 2);
        host.type("#stream-title", "Friday drop");
        host.type("#stream-playback", "https://video.example/live/friday.m3u8");
        host.click("#stream-form button[type=submit]");
        host.click("#go-live");
        host.awaitText("#control-status", "LIVE");
        String streamId = (String) host.script("return sessionStorage.getItem('liveshop.studio.stream')");

        viewer.open("/");
        viewer.awaitText("#live-list", "Friday drop");
        viewer.screenshot("home");
        viewer.click("#live-list a[href='/live/" + streamId + "']");
        viewer.awaitText("#title", "Friday drop");
        viewer.awaitText("#status", "LIVE");
        host.until(d -> {
            d.findElement(By.xpath("//ul[@id='showcase']/li[contains(., 'Silk scarf')]/button")).click();
            return true;
        });
        String pinned = viewer.awaitText("#pinned", "Silk scarf");
        assertTrue(pinned.contains("45"), "the price is on the card: " + pinned);
        host.awaitText("#showcase", "Unpin");
        viewer.awaitText("#viewers", "1");
        host.awaitText("#panel-live", "1");
        host.script("document.getElementById('control').scrollIntoView()");
        host.screenshot("studio");
        viewer.screenshot("live-pinned");

        // one click unpins
        host.until(d -> {
            d.findElement(By.xpath("//ul[@id='showcase']/li[contains(., 'Silk scarf')]/button[.='Unpin']")).click();
            return true;
        });
        viewer.awaitText("#pinned", "Nothing pinned");
        host.awaitText("#showcase", "Pin");

        // a flash sale launched from the form, with a countdown: the viewer sees it coming, not yet buyable
        new Select(host.find("#sale-product")).selectByVisibleText("Red lipstick");
        host.type("#sale-units", "3");
        host.type("#sale-price", "999");
        host.type("#sale-limit", "1");
        host.type("#sale-countdown", "300");
        host.type("#sale-duration", "120");
        host.click("#sale-form button[type=submit]");
        viewer.awaitText("#sale-product", "Red lipstick");
        viewer.awaitText("#sale-clock", "Opens in");
        viewer.awaitText("#buy", "Not open yet");
        assertFalse(viewer.find("#buy").isEnabled(), "a sale in its countdown cannot be bought");
        viewer.awaitText("#sale-remaining", "3 of 3 left");
        host.awaitText("#panel-sales", "ANNOUNCED");
        viewer.screenshot("live-countdown");

        // ended from the live panel
        host.click("#panel-sales tr button");
        host.awaitText("#panel-sales", "ENDED");
        viewer.awaitText("#sale-remaining", "Sale ended");

        // and the stream ends
        host.click("#end");
        host.awaitText("#control-status", "ENDED");
        viewer.awaitText("#status", "ENDED");
        assertEquals(List.of(), host.policyViolations(), "the studio breaks no Content-Security-Policy rule");
        assertEquals(List.of(), viewer.policyViolations(), "the viewer pages break no Content-Security-Policy rule");
    }

    @Test
    @Order(2)
    void aViewerBuysInAFlashSaleSignsInPaysWithASandboxCardAndSeesPaid() {
        Show show = Show.create(2);
        viewer.open("/live/" + show.streamId());
        viewer.awaitText("#title", "Evening show");
        long saleId = show.startSale(3);
        viewer.awaitText("#buy", "Buy now");
        viewer.awaitText("#sale-remaining", "3 of 3 left");
        viewer.click("#buy");
        viewer.type("#signin-name", unique("buyer"));
        viewer.click("#signin-go");
        viewer.awaitText("#buy-outcome", "You won it!");
        viewer.awaitText("#order-status", "PENDING_PAYMENT");
        viewer.awaitText("#order-payby", "Pay by");
        // a first purchase: the buyer has no address yet, so the page asks for one and saves it before paying
        viewer.type("#address-name", "Grace Hopper");
        viewer.type("#address-line1", "1 Rue de Rivoli");
        viewer.type("#address-city", "Paris");
        viewer.type("#address-postal", "75001");
        viewer.type("#address-country", "FR");
        viewer.click("#pay");
        viewer.awaitText("#order-status", "PAID");
        // PAID came through the order frame on the socket, not only from the payment's HTTP answer
        viewer.until(d -> String.valueOf(viewer.script("return document.getElementById('order').dataset.frames"))
                .contains("PAID") ? true : null);
        viewer.awaitText("#sale-remaining", "2 of 3 left");
        long orderId = Long.parseLong(viewer.find("#order-id").getText().substring(1));

        // the seller ships and delivers through the API: the page follows, by frames only
        as(show.hostToken()).body(Map.of("carrier", "DHL", "trackingNumber", "LS 42")).post("/api/orders/" + orderId + "/ship")
                .then().statusCode(200);
        viewer.awaitText("#order-status", "SHIPPED");
        viewer.awaitText("#order-tracking", "LS 42");
        as(show.hostToken()).post("/api/orders/" + orderId + "/deliver").then().statusCode(200);
        viewer.awaitText("#order-status", "DELIVERED");
        assertEquals("frame", viewer.find("#order-status").getDomAttribute("data-via"));
        viewer.screenshot("live");

        // the host's live panel, for the same show: the session is set on a page that does not run the studio
        host.open("/");
        host.script("sessionStorage.setItem('liveshop.token.studio', arguments[0]);"
                + "sessionStorage.setItem('liveshop.studio.stream', arguments[1]);",
                "{\"subject\":\"" + show.hostId() + "\",\"token\":\"" + show.hostToken() + "\"}", show.streamId());
        host.open("/studio");
        host.awaitText("#panel-sales tr[data-sale='" + saleId + "'] .sold", "1");
        host.awaitText("#panel-sales tr[data-sale='" + saleId + "'] .invariant", "holds");
        host.awaitText("#panel-orders", "DELIVERED");
        host.awaitText("#panel-live", "1");
        host.awaitText("#panel-peak", "1");
        host.until(d -> d.findElement(By.id("panel-revenue")).getText().matches("(?s).*15[.,]00.*") ? true : null);
        host.until(d -> d.findElement(By.cssSelector("#panel-sales tr[data-sale='" + saleId + "']")).getText()
                .matches("(?s).*15[.,]00.*") ? true : null);
        host.script("document.getElementById('panel').scrollIntoView()");
        host.screenshot("studio-panel");
        assertEquals(List.of(), viewer.policyViolations(), "the viewer page breaks no Content-Security-Policy rule");
    }

    @Test
    @Order(3)
    void aSoldOutSaleShowsSoldOut() {
        Show show = Show.create(1);
        viewer.open("/live/" + show.streamId());
        viewer.awaitText("#title", "Evening show");
        long saleId = show.startSale(1);
        viewer.awaitText("#sale-remaining", "1 of 1 left");
        String rival = token(unique("rival"), "viewer");
        io.restassured.RestAssured.given().auth().oauth2(rival).header("Idempotency-Key", unique("k"))
                .post("/api/sales/" + saleId + "/buy").then().statusCode(201);
        viewer.awaitText("#sale-remaining", "Sold out");
        viewer.awaitText("#buy", "Sold out");
        assertFalse(viewer.find("#buy").isEnabled(), "nothing left to buy");
        viewer.screenshot("live-sold-out");
    }

    @Test
    @Order(4)
    void thePageReconnectsAndResumesAfterTheServerDropsItsSocket() {
        Show show = Show.create(2, "wss://rtc.example/whep/evening");
        show.pin(0);
        viewer.open("/live/" + show.streamId());
        viewer.awaitText("#pinned", "Product 0");
        // a WebRTC address cannot play in a bare <video>: the page offers the address
        assertEquals("wss://rtc.example/whep/evening", viewer.find("#player a").getDomAttribute("href"));
        // watch the banner from outside the page's own code: did it ever show?
        viewer.script("window.bannerShown = false; new MutationObserver(() => {"
                + " if (!document.getElementById('offline').classList.contains('hidden')) window.bannerShown = true; })"
                + ".observe(document.getElementById('offline'), { attributes: true });");
        hub.closeViewers(show.streamId(), 1012, "service restart");
        viewer.until(d -> Integer.parseInt(String.valueOf(viewer.script("return document.body.dataset.drops || '0'"))) >= 1);
        show.pin(1);
        viewer.awaitText("#pinned", "Product 1");
        // the reconnect resumed from since/epoch (the server answers "resumed" only to a resume it served)
        viewer.until(d -> Integer.parseInt(String.valueOf(viewer.script("return document.body.dataset.resumes || '0'"))) >= 1);
        assertEquals(Boolean.TRUE, viewer.script("return window.bannerShown"), "the offline banner was shown");
        viewer.until(d -> !d.findElement(By.id("offline")).isDisplayed());
        assertEquals("online", viewer.script("return document.body.dataset.socket"));
    }

    @Test
    @Order(5)
    void aSiteOnAnotherOriginEmbedsThePageAndSignsItsUserInByPostMessage() throws Exception {
        Show show = Show.create(1);
        show.startSale(2);
        String buyer = unique("embedded");
        String token = token(buyer, "viewer");
        String live = "http://localhost:" + RestAssured.port;
        // only the listed origins may frame the page (liveshop.web.embed-origins; the test profile lists 127.0.0.1)
        String policy = RestAssured.get("/live/" + show.streamId()).then().statusCode(200).extract()
                .header("Content-Security-Policy");
        assertTrue(policy.contains("frame-ancestors 'self' http://127.0.0.1:*"), policy);
        // the embedding site: another origin (127.0.0.1 on its own port) that answers the page's sign-in request
        String site = "<!doctype html><title>A shop</title><p id='log'></p>"
                + "<iframe id='live' src='" + live + "/live/" + show.streamId() + "' width='412' height='1200'></iframe>"
                + "<script>const live = '" + live + "';"
                + "window.addEventListener('message', (e) => { if (e.origin !== live) return;"
                + " document.getElementById('log').textContent += ' ' + e.data.type;"
                + " if (e.data.type === 'liveshop.sign-in') document.getElementById('live').contentWindow"
                + ".postMessage({ type: 'liveshop.token', token: '" + token + "', name: '" + buyer + "' }, live); });"
                + "</script>";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = site.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (Browser shopper = new Browser()) {
            shopper.driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            shopper.awaitText("#log", "liveshop.ready");
            shopper.driver.switchTo().frame("live");
            shopper.awaitText("#title", "Evening show");
            shopper.awaitText("#sale-remaining", "2 of 2 left");
            shopper.click("#buy");
            shopper.awaitText("#buy-outcome", "You won it!");
            shopper.awaitText("#who", "Signed in as " + buyer);
            assertFalse(shopper.driver.findElement(By.id("signin-open")).isDisplayed() || (Boolean) shopper.script(
                    "return document.getElementById('signin').open"), "no sign-in box: the site signed its user in");
            shopper.driver.switchTo().defaultContent();
            shopper.awaitText("#log", "liveshop.sign-in");
            assertEquals(List.of(), shopper.policyViolations(), "the embedded page breaks no Content-Security-Policy rule");
        } finally {
            server.stop(0);
        }
        as(token).get("/api/orders").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.is(1));
    }

    @Test
    @Order(6)
    void aStaleTokenFallsBackToGuestAndAGuestRefusedAsOneTooManySignsInToWatch() {
        Show show = Show.create(1);
        String page = "http://127.0.0.1:" + RestAssured.port + "/live/" + show.streamId();
        try (Browser stale = new Browser()) {
            stale.driver.get("http://127.0.0.1:" + RestAssured.port + "/");
            stale.script("sessionStorage.setItem('liveshop.token.viewer', '{\"subject\":\"gone\",\"token\":\"expired\"}')");
            stale.driver.get(page);
            // refused with 4401, the page forgets the token and watches on as a guest
            stale.awaitText("#title", "Evening show");
            stale.awaitText("#who", "Watching as a guest");
            assertEquals(null, stale.script("return sessionStorage.getItem('liveshop.token.viewer')"));
            stale.find("#signin-open");
        }
        // every guest socket of the earlier tests is closed (a page left for another closes its socket on pagehide)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> guestLimits.openGuestSockets() == 0);
        List<WsClient> guests = new ArrayList<>();
        try {
            for (int i = 0; i < guestsConfig.maxConnectionsPerAddress(); i++) {
                WsClient guest = WsClient.connect("/ws/streams/" + show.streamId());
                guests.add(guest);
                guest.await("snapshot");
            }
            try (Browser visitor = new Browser()) {
                visitor.driver.get(page);
                visitor.awaitText("#offline", "Too many guests");
                assertEquals("Loading…", visitor.find("#title").getText(), "a refused guest gets no snapshot");
                visitor.click("#signin-open");
                visitor.type("#signin-name", unique("latecomer"));
                visitor.click("#signin-go");
                visitor.awaitText("#title", "Evening show");
                visitor.awaitText("#who", "Signed in as latecomer");
                visitor.until(d -> !d.findElement(By.id("offline")).isDisplayed());
                // refused once, then no retrying as a guest: it came back only when signed in
                assertEquals("1", visitor.script("return document.body.dataset.drops"));
            }
        } finally {
            guests.forEach(WsClient::close);
        }
    }

    private static void addProduct(String title, String price, String image) {
        host.type("#product-title", title);
        host.type("#product-price", price);
        host.type("#product-image", "http://localhost:" + RestAssured.port + "/app/img/" + image + ".svg");
        host.click("#product-form button[type=submit]");
        host.awaitText("#product-list", title);
    }

    /** A live show set up through the API, with products that have images. */
    record Show(String hostId, String hostToken, long streamId, List<Long> products) {

        static Show create(int productCount) {
            return create(productCount, null);
        }

        static Show create(int productCount, String playbackUrl) {
            String hostId = unique("host");
            String token = sellerWithShop(hostId);
            String[] images = { "sneaker", "scarf", "lipstick" };
            List<Long> products = java.util.stream.IntStream.range(0, productCount).mapToObj(i -> ((Number) as(token)
                    .body(Map.of("title", "Product " + i, "priceMinor", 2500 + i * 100, "currency", "EUR",
                            "initialStock", 20, "status", "ACTIVE", "mediaUrls",
                            List.of("http://localhost:" + RestAssured.port + "/app/img/" + images[i % 3] + ".svg")))
                    .post("/api/products").then().statusCode(201).extract().path("id")).longValue()).toList();
            Map<String, Object> stream = new java.util.HashMap<>(Map.of("title", "Evening show", "showcase", products));
            if (playbackUrl != null) {
                stream.put("playbackUrl", playbackUrl);
            }
            Number id = as(token).body(stream).post("/api/streams")
                    .then().statusCode(201).extract().path("id");
            as(token).post("/api/streams/" + id + "/live").then().statusCode(200);
            return new Show(hostId, token, id.longValue(), products);
        }

        long startSale(int units) {
            Number id = as(hostToken).body(Map.of("streamId", streamId, "productId", products.get(0), "priceMinor", 1500,
                    "quantity", units, "perBuyerLimit", 1, "countdownSeconds", 0, "durationSeconds", 300))
                    .post("/api/sales").then().statusCode(201).extract().path("id");
            return id.longValue();
        }

        void pin(int index) {
            as(hostToken).body(Map.of("productId", products.get(index))).post("/api/streams/" + streamId + "/pin")
                    .then().statusCode(200);
        }
    }
}
