package dev.pawscope.host.cli;

import picocli.CommandLine;

/** The application version, read from the jar manifest (Maven's project version). */
public final class PawscopeVersion implements CommandLine.IVersionProvider {

    public static String current() {
        String v = PawscopeVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"pawscope " + current(), "Java " + System.getProperty("java.version")};
    }
}
