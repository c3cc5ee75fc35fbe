namespace Sharpdig.Formatting;

/// <summary>Renders a byte buffer in one of sysdig's buffer styles (event-params.md §8).</summary>
public static class BufferText
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    public static void Write(ByteWriter w, ReadOnlySpan<byte> data, BufferStyle style, int maxChars)
    {
        if (data.IsEmpty) return;   // every style prints nothing for an empty buffer
        switch (style)
        {
            case BufferStyle.Normal: WriteDotted(w, data, maxChars); break;
            case BufferStyle.Ascii: WriteAscii(w, data); break;
            case BufferStyle.Base64: WriteBase64(w, data); break;
            case BufferStyle.Hex: WriteHex(w, data, false); break;
            case BufferStyle.HexAscii: WriteHex(w, data, true); break;
        }
    }

    /// <summary>Printable bytes kept, others become '.', cut to maxChars with a "..." tail.</summary>
    public static void WriteDotted(ByteWriter w, ReadOnlySpan<byte> data, int maxChars)
    {
        bool cut = maxChars > 0 && data.Length > maxChars;
        var part = cut ? data[..maxChars] : data;
        var dest = w.GetSpan(part.Length);
        for (int i = 0; i < part.Length; i++)
        {
            byte b = part[i];
            dest[i] = b >= 0x20 && b <= 0x7E ? b : (byte)'.';
        }
        if (cut && maxChars > 3) dest[maxChars - 3] = dest[maxChars - 2] = dest[maxChars - 1] = (byte)'.';
        w.Advance(part.Length);
    }

    /// <summary>-A: a newline, then only the printable bytes (CR becomes LF; LF kept only after a byte other than CR).</summary>
    public static void WriteAscii(ByteWriter w, ReadOnlySpan<byte> data)
    {
        w.Write((byte)'\n');
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (b >= 0x20 && b <= 0x7E) w.Write(b);
            else if (b == '\r') w.Write((byte)'\n');
            else if (b == '\n' && i > 0 && data[i - 1] != '\r') w.Write((byte)'\n');
        }
    }

    public static void WriteBase64(ByteWriter w, ReadOnlySpan<byte> data)
    {
        int len = (data.Length + 2) / 3 * 4;
        var dest = w.GetSpan(len);
        System.Buffers.Text.Base64.EncodeToUtf8(data, dest, out _, out int written);
        w.Advance(written);
    }

    /// <summary>-x / -X: 16-byte rows "\n\t0xOOOO: xxxx xxxx ..." (with -X an ASCII column).</summary>
    public static void WriteHex(ByteWriter w, ReadOnlySpan<byte> data, bool withAscii)
    {
        for (int row = 0; row < data.Length; row += 16)
        {
            var chunk = data.Slice(row, Math.Min(16, data.Length - row));
            w.Write("\n\t0x"u8);
            for (int shift = 12; shift >= 0; shift -= 4) w.Write(HexDigits[(row >> shift) & 0xF]);
            w.Write((byte)':');
            int groups = 0;
            for (int i = 0; i < chunk.Length; i += 2, groups++)
            {
                w.Write((byte)' ');
                w.Write(HexDigits[chunk[i] >> 4]); w.Write(HexDigits[chunk[i] & 0xF]);
                if (i + 1 < chunk.Length) { w.Write(HexDigits[chunk[i + 1] >> 4]); w.Write(HexDigits[chunk[i + 1] & 0xF]); }
            }
            if (withAscii)
            {
                // Pad short rows to 8 groups of "xxxx" (5 chars each with the space).
                for (; groups < 8; groups++) w.Write("     "u8);
                w.Write("  "u8);
                foreach (byte b in chunk) w.Write(b >= 0x20 && b <= 0x7E ? b : (byte)'.');
            }
        }
        w.Write((byte)'\n');
    }
}
