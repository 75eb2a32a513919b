package io.rollbook.infra.cli;

import io.rollbook.api.command.SetImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rollbook set image deployment/x CONTAINER=IMAGE...}. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set specific features on objects.")
final class SetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (image)");
    }

    @Command(name = "image", mixinStandardHelpOptions = true,
            description = "Update the image of containers of a Deployment's pod template.")
    static final class Image extends CommandVerb {

        @Parameters(paramLabel = "ARGS", arity = "2..*", description = "deployment/NAME then CONTAINER=IMAGE...")
        List<String> args;

        @Option(names = "--record", description = "Record the command line as the change-cause.")
        boolean record;

        @Option(names = "--cause", paramLabel = "TEXT", description = "Record TEXT as the change-cause.")
        String cause;

        Image(Clock clock) {
            super(clock);
        }

        @Override
        public Integer call() {
            List<String> resource = new ArrayList<>();
            Map<String, String> images = new LinkedHashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    resource.add(a);
                } else if (eq == 0 || eq == a.length() - 1) {
                    throw new IllegalArgumentException("invalid image specification \"" + a
                            + "\": expected CONTAINER=IMAGE");
                } else {
                    images.put(a.substring(0, eq), a.substring(eq + 1));
                }
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("at least one image update is required");
            }
            String changeCause = cause != null ? cause : record ? recordedCommand() : null;
            return send(target(resource), changeCause, new SetImage(images));
        }
    }
}
