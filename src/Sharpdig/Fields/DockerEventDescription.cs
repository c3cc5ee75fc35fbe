namespace Sharpdig.Fields;

/// <summary>
/// Reads the description of a Docker infrastructure event ("Event: start; ID: 0123...; name: web;
/// Image: nginx:1.2@sha256:..."): entries separated by ';', each "Key: value". Read as sysdig
/// 0.29.3 reads it: the first trimmed entry that starts with the key wins, and its value is the
/// text between its first and second ':' (trimmed).
/// </summary>
internal static class DockerEventDescription
{
    public enum Entry { Event, ContainerId, ContainerName, Image }

    /// <summary>Container ids are shown in their short form.</summary>
    private const int ShortIdLength = 12;

    /// <summary>Appends the value of <paramref name="entry"/> to <paramref name="output"/>; false when there is none.</summary>
    public static bool TryRead(ReadOnlySpan<byte> description, Entry entry, TextBuffer output)
    {
        var key = entry switch
        {
            Entry.Event => "Event"u8,
            Entry.ContainerId => "ID"u8,
            Entry.ContainerName => "name"u8,
            _ => "Image"u8,
        };
        var rest = description;
        while (!rest.IsEmpty)
        {
            int semicolon = rest.IndexOf((byte)';');
            var piece = Trim(semicolon < 0 ? rest : rest[..semicolon]);
            rest = semicolon < 0 ? default : rest[(semicolon + 1)..];
            if (!piece.StartsWith(key)) continue;

            // An entry with nothing after its first ':' has no value here (sysdig reads past the
            // end of its list of parts then).
            int colon = piece.IndexOf((byte)':');
            if (colon < 0 || colon == piece.Length - 1) return false;
            var afterColon = piece[(colon + 1)..];
            int next = afterColon.IndexOf((byte)':');
            var value = next < 0 ? afterColon : afterColon[..next];

            if (entry == Entry.Image)
            {
                // A digest is cut off; an image named only by its sha256 id keeps all of it.
                int at = value.IndexOf((byte)'@');
                if (at >= 0) value = value[..at];
                else if (value.IndexOf("sha256"u8) >= 0) value = afterColon;
            }
            value = Trim(value);
            if (entry == Entry.ContainerId && value.Length > ShortIdLength) value = value[..ShortIdLength];
            output.Append(value);
            return true;
        }
        return false;
    }

    /// <summary>Strips C isspace characters from both ends.</summary>
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
