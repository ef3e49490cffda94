package dev.slidr.contract.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens inputs, decompressing gzip whatever the file is called (detected by magic bytes). */
public final class InputStreams {

    private InputStreams() {}

    /** The file's bytes, gunzipped when it starts with the gzip magic number. */
    public static InputStream open(Path file) throws IOException {
        return decompressed(Files.newInputStream(file));
    }

    /** The stream's bytes, gunzipped when it starts with the gzip magic number. */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 64 * 1024), 64 * 1024);
        }
        return buffered;
    }
}
