package dev.pawscope.host.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qemu-m4 board's tool check, which must name what is missing and how to install it. */
class QemuToolsTest {

    @TempDir
    Path tmp;

    @Test
    void missingToolsAreNamedWithTheirDebianPackages() {
        PawscopeException e = assertThrows(PawscopeException.class, () -> QemuTools.require(tmp.toString()));
        assertEquals(ExitCode.IO, e.exitCode());
        assertTrue(e.getMessage().contains("make, arm-none-eabi-gcc, qemu-system-arm"), e.getMessage());
        assertTrue(e.hint().contains("sudo apt-get install make gcc-arm-none-eabi libnewlib-arm-none-eabi "
                + "qemu-system-arm"), e.hint());
    }

    @Test
    void onlyTheMissingToolIsNamed() throws Exception {
        executable("make");
        executable("arm-none-eabi-gcc");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> QemuTools.require("" + File.pathSeparator + tmp));
        assertTrue(e.getMessage().startsWith("the qemu-m4 board needs qemu-system-arm, which is not"), e.getMessage());
        assertTrue(e.hint().endsWith("apt-get install qemu-system-arm)"), e.hint());
    }

    @Test
    void aFileThatIsNotExecutableDoesNotCount() throws Exception {
        Files.writeString(tmp.resolve("qemu-system-arm"), "");
        assertNull(QemuTools.find("qemu-system-arm", tmp.toString()));
        executable("qemu-system-arm");
        assertEquals(tmp.resolve("qemu-system-arm"), QemuTools.find("qemu-system-arm", tmp.toString()));
    }

    private void executable(String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
