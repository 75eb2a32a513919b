package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.Maps;

import java.util.List;

/**
 * {@code ipBlock}: the addresses of {@code cidr} (for example {@code 172.17.0.0/16}) except those of
 * the {@code except} ranges, which must lie inside it.
 */
@JsonPropertyOrder({"cidr", "except"})
public record IPBlock(String cidr, List<String> except) {

    public IPBlock {
        except = Maps.copy(except);
    }

    /** The exceptions, never null. */
    public List<String> exceptions() {
        return except == null ? List.of() : except;
    }
}
