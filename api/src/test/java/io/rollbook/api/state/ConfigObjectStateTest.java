package io.rollbook.api.state;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.manifest.Namespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigObjectStateTest {

    static ObjectApplied applied(String json) throws IOException {
        return new ObjectApplied("created", Codec.json().readTree(json));
    }

    @Test
    void foldsAppliedAndDeletedObjects() throws IOException {
        ConfigObjectState s = new ConfigObjectState();
        s.apply(applied("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}"));
        assertThat(s.object()).isInstanceOf(Namespace.class);
        ConfigObjectState before = s.copy();

        s.apply(new PodCreated("p", "rs", null)); // a workload's event: not about this object
        assertThat(s.object()).isEqualTo(before.object());
        s.apply(new ObjectDeleted("Namespace", "shop"));
        assertThat(s.object()).isNull();
        assertThat(before.object()).isNotNull();
    }

    @Test
    void anObjectOfAKindThisVersionCannotReadFoldsAsAbsent() throws IOException {
        ConfigObjectState s = new ConfigObjectState();
        s.apply(applied("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}"));
        s.apply(applied("{\"apiVersion\":\"example.com/v9\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"shop\"}}"));

        assertThat(s.object()).isNull();
    }
}
