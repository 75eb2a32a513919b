package io.rollbook.engine.network;

import java.util.Objects;

/**
 * An IPv4 range in CIDR notation, {@code 10.244.1.0/24}, with addresses as unsigned 32-bit values
 * in a long. The base is normalised to the network address ({@code 10.244.1.7/24} is {@code 10.244.1.0/24}).
 */
public record Cidr(long base, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be within 0..32, was " + prefix);
        }
        base = base & mask(prefix);
    }

    /**
     * Parses {@code a.b.c.d/n}; a bare address is a /32.
     *
     * @throws IllegalArgumentException naming the text when it is not one
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Cidr(Ipv4.parse(text), 32);
        }
        String bits = text.substring(slash + 1);
        if (!bits.matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        int prefix = Integer.parseInt(bits);
        if (prefix > 32) {
            throw new IllegalArgumentException("invalid CIDR address: " + text);
        }
        try {
            return new Cidr(Ipv4.parse(text.substring(0, slash)), prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + text, e);
        }
    }

    /** Whether {@code text} parses as a CIDR (or an address). */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean contains(long address) {
        return (address & mask(prefix)) == base;
    }

    public boolean contains(String address) {
        return contains(Ipv4.parse(address));
    }

    /** Whether every address of {@code other} is in this range. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.base);
    }

    /** The number of addresses. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** The {@code n}-th address, counting the network address as 0. */
    public long host(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException(this + " has no host " + n);
        }
        return base + n;
    }

    /** The last address (the broadcast address for prefixes up to /30). */
    public long last() {
        return base + size() - 1;
    }

    /** The {@code index}-th sub-range of length {@code subPrefix}: 10.244.0.0/16, /24, 3 is 10.244.3.0/24. */
    public Cidr subnet(int subPrefix, long index) {
        if (subPrefix < prefix || subPrefix > 32) {
            throw new IllegalArgumentException("cannot split " + this + " into /" + subPrefix);
        }
        long count = 1L << (subPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " has only " + count + " /" + subPrefix + " subnets, not "
                    + (index + 1));
        }
        return new Cidr(base + (index << (32 - subPrefix)), subPrefix);
    }

    @Override
    public String toString() {
        return Ipv4.format(base) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
