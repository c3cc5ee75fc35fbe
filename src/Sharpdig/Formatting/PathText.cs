namespace Sharpdig.Formatting;

/// <summary>
/// Path joining and clean-up exactly as sysdig 0.29.3 does it (event-params.md §6): a relative
/// path is appended to a base directory, then "./" is dropped, "../" and a final ".." pop one
/// component (never above the start), repeated '/' collapse, a trailing '/' goes, a final '.' is
/// dropped and non-printable bytes become '.'.
/// </summary>
public static class PathText
{
    /// <summary>sinsp's SCAP_MAX_PATH_SIZE: joined paths longer than this become "/PATH_TOO_LONG".</summary>
    public const int MaxPathSize = 1024;

    /// <summary>
    /// Joins <paramref name="dir"/> and <paramref name="path"/> (path read up to its first NUL)
    /// into <paramref name="dest"/> (at least dir.Length + path.Length + 1 bytes).
    /// Returns the length; <paramref name="wasRelative"/> tells whether dir was used.
    /// </summary>
    public static int Concatenate(Span<byte> dest, ReadOnlySpan<byte> dir, ReadOnlySpan<byte> path, out bool wasRelative)
    {
        int nul = path.IndexOf((byte)0);
        if (nul >= 0) path = path[..nul];
        if (path.Length != 0 && path[0] != '/')
        {
            dir.CopyTo(dest);
            wasRelative = true;
            return dir.Length + CopyAndSanitize(dest, dir.Length, path);
        }
        wasRelative = false;
        return CopyAndSanitize(dest, 0, path);
    }

    /// <summary>Join for state (fd names, cwd): limited to <see cref="MaxPathSize"/> like sinsp.</summary>
    public static byte[] JoinForState(ReadOnlySpan<byte> dir, ReadOnlySpan<byte> path)
    {
        Span<byte> buf = stackalloc byte[MaxPathSize];
        return JoinForState(dir, path, buf).ToArray();
    }

    /// <summary>The same join written into <paramref name="buffer"/> (at least <see cref="MaxPathSize"/> bytes).</summary>
    public static ReadOnlySpan<byte> JoinForState(ReadOnlySpan<byte> dir, ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        int nul = path.IndexOf((byte)0);
        if (nul >= 0) path = path[..nul];
        // sinsp checks the capacity against len(dir) + len(path incl. NUL) + 1.
        if (dir.Length + path.Length + 2 > MaxPathSize) return "/PATH_TOO_LONG"u8;
        int n = Concatenate(buffer[..(dir.Length + path.Length + 2)], dir, path, out _);
        return buffer[..n];
    }

    // Copies path into dest starting at 'start'; dest[0..start) is the base that ".." may climb into.
    // Returns the number of bytes written after 'start' (may be negative if ".." climbed into the base).
    private static int CopyAndSanitize(Span<byte> dest, int start, ReadOnlySpan<byte> path)
    {
        int tc = start;
        int pc = 0;
        while (true)
        {
            if (pc >= path.Length)
            {
                if (tc > 1 && dest[tc - 1] == '/') tc--;
                return tc - start;
            }
            byte c = path[pc];
            if (c < 0x20 || c > 0x7E)
            {
                dest[tc++] = (byte)'.';
                pc++;
            }
            else if (c == '.' && At(path, pc + 1) == '.' && At(path, pc + 2) == '/')
            {
                Rewind(dest, ref tc);
                pc += 3;
            }
            else if (c == '.' && At(path, pc + 1) == '.')
            {
                if (pc + 2 >= path.Length) { Rewind(dest, ref tc); pc += 2; }
                else { dest[tc++] = (byte)'.'; dest[tc++] = (byte)'.'; pc += 2; }
            }
            else if (c == '.' && At(path, pc + 1) == '/')
            {
                pc += 2;
            }
            else if (c == '.')
            {
                if (pc + 1 >= path.Length) pc++;
                else { dest[tc++] = c; pc++; }
            }
            else if (c == '/')
            {
                if (tc > 0 && dest[tc - 1] == '/') pc++;
                else { dest[tc++] = c; pc++; }
            }
            else
            {
                dest[tc++] = c;
                pc++;
            }
        }
    }

    private static int At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : 0;

    // Moves back to just after the previous '/', never before index 1 (sinsp's rewind_to_parent_path).
    private static void Rewind(Span<byte> dest, ref int tc)
    {
        if (tc <= 1) return;
        tc--;
        while (tc >= 1 && dest[tc - 1] != '/') tc--;
    }
}
