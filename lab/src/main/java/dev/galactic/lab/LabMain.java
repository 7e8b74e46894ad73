package dev.galactic.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.topology.TopologyException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A bare command line over {@link Lab}, for trying the lab without the galactic CLI:
 * <pre>
 * LabMain up TOPOLOGY.yaml WORKDIR
 * LabMain status WORKDIR                      (JSON)
 * LabMain impair WORKDIR LINK DELAY_MS JITTER_MS LOSS_PERCENT
 * LabMain down WORKDIR
 * </pre>
 * Run with {@code --enable-native-access=ALL-UNNAMED} as root.
 */
public final class LabMain {

    private LabMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        try {
            switch (a.isEmpty() ? "" : a.getFirst()) {
                case "up" -> {
                    need(a, 3);
                    LabStatus s = Lab.up(Path.of(a.get(1)), Path.of(a.get(2)), new Progress(System.out));
                    System.out.println("management namespace " + s.mgmt().netns() + ", controller address " + s.mgmt().controllerAddress());
                }
                case "status" -> {
                    need(a, 2);
                    System.out.println(json.writeValueAsString(Lab.status(Path.of(a.get(1)))));
                }
                case "impair" -> {
                    need(a, 6);
                    Lab.impair(Path.of(a.get(1)), a.get(2),
                            new Impairment(Double.parseDouble(a.get(3)), Double.parseDouble(a.get(4)), Double.parseDouble(a.get(5))));
                }
                case "down" -> {
                    need(a, 2);
                    Lab.down(Path.of(a.get(1)), new Progress(System.out));
                }
                default -> {
                    System.err.println("usage: LabMain up TOPOLOGY WORKDIR | status WORKDIR | impair WORKDIR LINK DELAY_MS JITTER_MS LOSS_PERCENT | down WORKDIR");
                    System.exit(2);
                }
            }
        } catch (TopologyException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void need(List<String> a, int n) {
        if (a.size() != n) throw new IllegalArgumentException(a.getFirst() + " takes " + (n - 1) + " arguments");
    }
}
