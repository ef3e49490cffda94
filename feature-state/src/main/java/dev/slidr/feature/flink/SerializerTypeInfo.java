package dev.slidr.feature.flink;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information that always hands out one explicit serializer, so that the records passed
 * between the feature stages never fall back to Kryo or to reflective POJO analysis.
 *
 * <p>Flink has no public type information of this shape for arbitrary classes; it is a few lines,
 * so it is written here rather than borrowing an internal class.
 */
public final class SerializerTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> typeClass;
    private final SerializableSupplier<TypeSerializer<T>> serializer;

    /** A supplier that can travel with the job graph. */
    @FunctionalInterface
    public interface SerializableSupplier<T> extends Supplier<T>, java.io.Serializable {}

    public SerializerTypeInfo(
            Class<T> typeClass, SerializableSupplier<TypeSerializer<T>> serializer) {
        this.typeClass = Objects.requireNonNull(typeClass, "typeClass");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.get();
    }

    @Override
    public String toString() {
        return "SerializerTypeInfo<" + typeClass.getName() + ">";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerializerTypeInfo<?> that
                && that.canEqual(this)
                && typeClass == that.typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof SerializerTypeInfo;
    }
}
