package dev.airisk.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.EnumSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The JSON rendering of results: snake_case keys, digests, versions, refs and times as strings; one
 * document on one line per run, so a log that collects runs is read line by line.
 */
final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        SimpleModule m = new SimpleModule("airisk");
        m.addSerializer(Sha256.class, ToStringSerializer.instance);
        m.addSerializer(Version.class, ToStringSerializer.instance);
        m.addSerializer(ModelRef.class, ToStringSerializer.instance);
        m.addSerializer(RiskTier.class, ToStringSerializer.instance);
        m.addSerializer(Instant.class, ToStringSerializer.instance);
        m.addSerializer(Path.class, ToStringSerializer.instance);
        m.setSerializerModifier(new CoreTypesRefused());
        return new ObjectMapper()
                .registerModule(m)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /**
     * The documented JSON is built by the commands, field by field, from the core's values: a record
     * or enum of the core reaching the mapper is a bug (its field names are not the contract), and
     * fails the run instead of printing whatever its current names are. The value types above, which
     * print as their text, are the exception.
     */
    private static final class CoreTypesRefused extends BeanSerializerModifier {
        @Override
        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription desc, JsonSerializer<?> serializer) {
            return refuseCore(desc.getBeanClass(), serializer);
        }

        @Override
        public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type, BeanDescription desc,
                                                      JsonSerializer<?> serializer) {
            return refuseCore(type.getRawClass(), serializer);
        }

        private static JsonSerializer<?> refuseCore(Class<?> type, JsonSerializer<?> serializer) {
            boolean reflected = serializer instanceof BeanSerializerBase || serializer instanceof EnumSerializer;
            if (!reflected || !type.getName().startsWith("dev.airisk.core.")) {
                return serializer;
            }
            return new JsonSerializer<Object>() {
                @Override
                public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) {
                    throw new IllegalStateException(type.getName() + " is not part of the JSON contract; convert it in the cli package");
                }
            };
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The run's one document, on one line. */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof IllegalStateException bug) {
                throw bug;
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
