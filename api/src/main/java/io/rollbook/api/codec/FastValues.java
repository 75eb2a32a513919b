package io.rollbook.api.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.time.Instant;

/**
 * Strings read through a {@link ValuePool} when the reader carries one (else exactly Jackson's own
 * {@code StringDeserializer}), and the JavaTimeModule's own {@code Instant} (de)serializers wrapped
 * with {@link Instants}' fast path:
 * a canonical {@code ...Z} string is read, and an instant written, without {@code DateTimeFormatter};
 * everything else (numbers, offsets, odd shapes, {@code @JsonFormat}, timestamps) goes to the wrapped
 * one, so what is accepted and every error message stay the module's.
 */
final class FastValues {

    private FastValues() {
    }

    /** Register after JavaTimeModule. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("rollbook-fast-values");
        module.addDeserializer(String.class, new Strings());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription beanDesc,
                                                          JsonDeserializer<?> deserializer) {
                return beanDesc.getBeanClass() == Instant.class && deserializer instanceof ContextualDeserializer
                        ? new Reader((JsonDeserializer<Instant>) deserializer) : deserializer;
            }
        });
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription beanDesc,
                                                      JsonSerializer<?> serializer) {
                return beanDesc.getBeanClass() == Instant.class && serializer instanceof ContextualSerializer
                        ? new Writer((JsonSerializer<Instant>) serializer) : serializer;
            }
        });
        return module;
    }

    /** Jackson's own string reader; a plain string token goes through the reader's pool when it has one. */
    static final class Strings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING) && ctxt.getAttribute(ValuePool.ATTRIBUTE) instanceof ValuePool pool) {
                return pool.text(p);
            }
            return super.deserialize(p, ctxt);
        }
    }

    static final class Reader extends JsonDeserializer<Instant> implements ContextualDeserializer {

        private final JsonDeserializer<Instant> module;

        Reader(JsonDeserializer<Instant> module) {
            this.module = module;
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = Instants.parseCanonical(p.getText());
                if (fast != null) {
                    return ctxt.getAttribute(ValuePool.ATTRIBUTE) instanceof ValuePool pool ? pool.instant(fast) : fast;
                }
            }
            return module.deserialize(p, ctxt);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws IOException {
            return module.deserializeWithType(p, ctxt, typeDeserializer);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = ((ContextualDeserializer) module).createContextual(ctxt, property);
            return contextual == module ? this : contextual; // a format override: the module's alone
        }

        @Override
        public Class<?> handledType() {
            return module.handledType();
        }

        @Override
        public LogicalType logicalType() {
            return module.logicalType();
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) throws JsonMappingException {
            return module.getEmptyValue(ctxt);
        }
    }

    static final class Writer extends JsonSerializer<Instant> implements ContextualSerializer {

        private final JsonSerializer<Instant> module;

        Writer(JsonSerializer<Instant> module) {
            this.module = module;
        }

        @Override
        public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    || provider.getConfig().hasExplicitTimeZone()) {
                module.serialize(value, g, provider);
            } else {
                g.writeString(Instants.format(value));
            }
        }

        @Override
        public void serializeWithType(Instant value, JsonGenerator g, SerializerProvider provider,
                                      TypeSerializer typeSer) throws IOException {
            module.serializeWithType(value, g, provider, typeSer);
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider prov, BeanProperty property)
                throws JsonMappingException {
            JsonSerializer<?> contextual = ((ContextualSerializer) module).createContextual(prov, property);
            return contextual == module ? this : contextual;
        }

        @Override
        public Class<Instant> handledType() {
            return Instant.class;
        }
    }
}
