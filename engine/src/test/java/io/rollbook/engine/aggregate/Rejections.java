package io.rollbook.engine.aggregate;

import io.rollbook.api.command.Outcome;
import io.rollbook.engine.verbs.Rejection;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;

/** A matcher for the fixtures' {@code expectException}: a {@link Rejection} with this reason. */
final class Rejections {

    private Rejections() {
    }

    static Matcher<Rejection> rejection(Outcome.Reason reason) {
        return new FeatureMatcher<>(Matchers.equalTo(reason), "a Rejection with reason", "reason") {
            @Override
            protected Outcome.Reason featureValueOf(Rejection actual) {
                return actual.reason();
            }
        };
    }
}
