package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pawscope checkout the application runs from: boards/ and firmware/ live there. The launcher
 * passes it as {@code -Dpawscope.home}; otherwise the working directory and its parents are
 * searched (as when tests run from a module folder).
 */
public final class PawscopeHome {

    public static final String PROPERTY = "pawscope.home";

    private PawscopeHome() {}

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (isHome(home)) {
                return home;
            }
            throw PawscopeException.badInput("-D" + PROPERTY + "=" + configured + " is not a pawscope checkout "
                    + "(expected firmware/ and boards/ in it)", "run pawscope through the ./pawscope launcher");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isHome(dir)) {
                return dir;
            }
        }
        throw PawscopeException.badInput("cannot find the pawscope checkout (firmware/ and boards/) from "
                + Path.of("").toAbsolutePath(), "run pawscope through the ./pawscope launcher at the checkout's root");
    }

    private static boolean isHome(Path dir) {
        return Files.isRegularFile(dir.resolve("firmware/include/ps_model.h")) && Files.isDirectory(dir.resolve("boards"));
    }
}
