namespace Sharpdig.State;

/// <summary>A container announced by a container event (id, name, image, runtime type).</summary>
public sealed record ContainerInfo(string Id, string Name, string Image, uint Type);
