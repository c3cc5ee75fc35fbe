namespace Sharpdig.State;

/// <summary>
/// A container as announced by a container event. Type is sinsp's container type number
/// (0 docker, 1 lxc, 2 libvirt-lxc, 3 mesos, 4 rkt, 5 custom, 6 cri, 7 containerd, 8 cri-o, 9 bpm).
/// <see cref="RawJson"/> keeps the event's whole "container" object for fields not modelled here.
/// </summary>
public sealed record ContainerInfo(string Id, uint Type, string Name, string Image)
{
    public string ImageId { get; init; } = "";
    public string ImageRepo { get; init; } = "";
    public string ImageTag { get; init; } = "";
    public string ImageDigest { get; init; } = "";
    /// <summary>null when the event did not say.</summary>
    public bool? Privileged { get; init; }
    public string Ip { get; init; } = "";
    public bool IsPodSandbox { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string RawJson { get; init; } = "";

    /// <summary><see cref="Ip"/> as 4 bytes, parsed on first use; empty when it is not an IPv4 address.</summary>
    internal byte[] IpV4Bytes => _ipV4 ??= ParseV4(Ip);
    private byte[]? _ipV4;

    private static byte[] ParseV4(string text) =>
        System.Net.IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? a.GetAddressBytes() : [];
}
