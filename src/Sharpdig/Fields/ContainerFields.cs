using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>
/// The container.* fields. Events outside containers read as the "host" pseudo-container; for
/// containerized threads the id comes from the thread and the rest from the container events the
/// capture carried (nothing but the id when it carried none).
/// </summary>
internal sealed class ContainerFieldExtractor : FieldExtractor
{
    private readonly string _name;

    private ContainerFieldExtractor(FieldInfo info, string text) : base(info, text) => _name = info.Name;

    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg, out FieldExtractor? x, out string error)
    {
        error = "";
        x = new ContainerFieldExtractor(info, text);
        return true;
    }

    private static readonly string[] s_typeNames =
        ["docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri", "containerd", "cri-o", "bpm"];

    public override bool Extract(EventContext ctx)
    {
        var t = ctx.Thread;
        if (t is null) return false;
        string id = t.ContainerId;
        if (string.IsNullOrEmpty(id) || id == "host")
        {
            return _name switch
            {
                "container.id" or "container.name" or "container.type" => SetText("host"),
                _ => false,
            };
        }
        if (_name == "container.id") return SetText(id);
        if (!ctx.State.Containers.TryGetValue(id, out var c))
        {
            // A Docker container no event described: sysdig's docker engine still registers it,
            // with its type and default settings (no name or image).
            if (!ContainerIds.IsDocker(t.Cgroups)) return false;
            return _name switch
            {
                "container.type" => SetText("docker"),
                "container.privileged" => SetBool(false),
                "container.mounts" => SetText(""),
                "container.healthcheck" or "container.liveness_probe" or "container.readiness_probe" => SetText("NONE"),
                _ => false,
            };
        }
        switch (_name)
        {
            case "container.name": return SetText(c.Name);
            case "container.image": return SetText(c.Image);
            case "container.image.id": return SetText(c.ImageId);
            case "container.type": return SetText(c.Type < (uint)s_typeNames.Length ? s_typeNames[c.Type] : "<NA>");
            case "container.privileged": return c.Privileged is { } p && SetBool(p);
            case "container.image.repository": return SetText(c.ImageRepo);
            case "container.image.tag": return SetText(c.ImageTag);
            case "container.image.digest": return SetText(c.ImageDigest);
            case "container.mounts": return SetText("");
            // Containers announced by events without probe settings report NONE.
            case "container.healthcheck" or "container.liveness_probe" or "container.readiness_probe": return SetText("NONE");
            default: return false;
        }
    }
}
