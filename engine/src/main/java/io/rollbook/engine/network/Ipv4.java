package io.rollbook.engine.network;

/** IPv4 addresses as unsigned 32-bit values in a long: parsing and printing, nothing else. */
public final class Ipv4 {

    private Ipv4() {
    }

    /**
     * {@code 10.244.1.2} as a number.
     *
     * @throws IllegalArgumentException when the text is not four decimal octets
     */
    public static long parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long value = 0;
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    /** Whether {@code text} is an IPv4 address. */
    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }
}
