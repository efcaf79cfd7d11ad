package io.liveshop.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.payment.WebhookSignature;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The payment provider's webhook: the raw body is verified before it is parsed. */
@Path("/api/payments/webhook")
@Tag(name = "payments")
@PermitAll
public class PaymentWebhookResource {

    private final WebhookSignature signature;
    private final PaymentWebhookService webhooks;
    private final ObjectMapper json;
    private final Validator validator;
    private final OrderReads reads;

    PaymentWebhookResource(WebhookSignature signature, PaymentWebhookService webhooks, ObjectMapper json,
            Validator validator, OrderReads reads) {
        this.reads = reads;
        this.signature = signature;
        this.webhooks = webhooks;
        this.json = json;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, String>> receive(@HeaderParam(WebhookSignature.HEADER) String header, String body)
            throws JsonProcessingException {
        signature.verify(header, body == null ? "" : body, Instant.now());
        // a parse failure is rendered by ProblemMappers, naming the field
        PaymentWebhookEvent event = json.readValue(body == null ? "" : body, PaymentWebhookEvent.class);
        if (event == null) {
            throw ProblemException.badRequest("malformed-request", "Webhook body must be a payment event object");
        }
        var violations = validator.validate(event);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return webhooks.apply(event).invoke(reads::webhookApplied)
                .map(outcome -> Map.of("eventId", event.id(), "outcome", outcome.name()));
    }
}
