"""The globes' fragment shader: eclipse shadows, Jupitershine and exposure.

Eclipses: moons on Jupiter, Jupiter on the moons.

Each surface point asks, for every other globe, how much of the Sun's disc that globe hides:
fully lit outside the penumbra, dark in the umbra, a linear ramp across the penumbra (the
Sun's angular radius at Jupiter, about 0.09 deg, sets its width). Moons are spherical casters;
Jupiter is an oblate one: the test runs in a frame stretched along its pole so that its
71,492 x 66,854 km spheroid becomes a sphere. Night sides come from ordinary lighting; the
ambient term keeps their outline faintly visible.

Jupitershine (scene/lighting.py) is a second, fainter light from Jupiter's direction on the
moons. Exposure multiplies the light a surface receives (Sun and Jupiter), not the small
ambient term, so a long exposure shows a night side lit by Jupiter as it is, without
washing out the outline.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkRenderingCore import vtkActor

MAX_OCCLUDERS = 5

# VTK declares the custom uniforms (modelToWorld, occluder0..4, ...) itself.
_VS_DEC = """//VTK::PositionVC::Dec
out vec3 worldPosVS;
"""
_VS_IMPL = """//VTK::PositionVC::Impl
  worldPosVS = (modelToWorld * vertexMC).xyz;
"""
_FS_DEC = """//VTK::PositionVC::Dec
in vec3 worldPosVS;
// Uniforms (declared by VTK): occluder0..4 = xyz centre relative to this globe's centre
// (km) and w radius (km); occluderCount; jupiterSlot (the oblate caster, or -1);
// jupiterPole; jupiterStretch (equatorial / polar radius); sunDir; sunAngularRadius;
// shadowsOn; jupiterDir, jupiterShine (Jupitershine on a moon); exposure.

float sunVisible(vec3 p) {
  vec4 occluders[5] = vec4[5](occluder0, occluder1, occluder2, occluder3, occluder4);
  float lit = 1.0;
  for (int i = 0; i < 5; ++i) {
    if (i >= occluderCount) { break; }
    vec3 d = occluders[i].xyz - p;
    vec3 s = sunDir;
    if (i == jupiterSlot) {
      // Stretch along the pole: the spheroid becomes a sphere of the equatorial radius.
      d += jupiterPole * dot(d, jupiterPole) * (jupiterStretch - 1.0);
      s += jupiterPole * dot(s, jupiterPole) * (jupiterStretch - 1.0);
      s = normalize(s);
    }
    float along = dot(d, s);
    if (along <= 0.0) { continue; }
    // Cheap reject first: outside the penumbra cone's radius at this distance (small
    // angles: radius + distance x sun's angular radius) the point is fully lit.
    float miss2 = dot(d, d) - along * along;
    float reach = occluders[i].w + along * sunAngularRadius * 1.05;
    if (miss2 > reach * reach) { continue; }
    float dist = length(d);
    float occ = asin(clamp(occluders[i].w / dist, 0.0, 1.0));
    float sep = acos(clamp(along / dist, -1.0, 1.0));
    float a = sunAngularRadius;
    float f;
    if (occ >= a) {
      f = clamp((sep - (occ - a)) / (2.0 * a), 0.0, 1.0);
    } else {
      float full = 1.0 - (occ * occ) / (a * a);
      f = mix(full, 1.0, clamp((sep - (a - occ)) / (2.0 * occ), 0.0, 1.0));
    }
    lit = min(lit, f);
  }
  return lit;
}
"""
_FS_IMPL = """//VTK::Light::Impl
  {
    float shadowLit = (shadowsOn == 1) ? sunVisible(worldPosVS) : 1.0;
    vec3 direct = (fragOutput0.rgb - ambientColor) * shadowLit;
    // A sphere's outward normal: worldPosVS is relative to this globe's centre.
    vec3 shine = diffuseColor * jupiterShine * max(dot(normalize(worldPosVS), jupiterDir), 0.0);
    fragOutput0.rgb = ambientColor + (direct + shine) * exposure;
  }
"""


def install(actor: vtkActor) -> None:
    """Add the eclipse test to an actor's shaders (VTK's OpenGL2 shader replacements)."""
    sp = actor.GetShaderProperty()
    sp.AddVertexShaderReplacement("//VTK::PositionVC::Dec", True, _VS_DEC, False)
    sp.AddVertexShaderReplacement("//VTK::PositionVC::Impl", True, _VS_IMPL, False)
    sp.AddFragmentShaderReplacement("//VTK::PositionVC::Dec", True, _FS_DEC, False)
    sp.AddFragmentShaderReplacement("//VTK::Light::Impl", True, _FS_IMPL, False)


def update(actor: vtkActor, model_to_world: np.ndarray, origin_km: np.ndarray,
           occluders: list[tuple[np.ndarray, float]], jupiter_slot: int,
           jupiter_pole: np.ndarray, jupiter_stretch: float, sun_direction: np.ndarray,
           sun_angular_radius_rad: float, enabled: bool,
           jupiter_direction: np.ndarray | None = None, jupiter_shine: float = 0.0,
           exposure: float = 1.0) -> None:
    """Per-frame uniforms. Positions are sent relative to `origin_km` (the globe's own
    centre) so float32 keeps them to metres near the surface."""
    sp = actor.GetShaderProperty()
    vu = sp.GetVertexCustomUniforms()
    m = vtkMatrix4x4()
    local = model_to_world.copy()
    local[:3, 3] -= origin_km
    # Custom matrix uniforms go to GLSL as stored, and GLSL reads column-major: send the
    # transpose of VTK's row-major matrix (checked by tests/render/test_shadows.py).
    m.DeepCopy(local.T.ravel())
    vu.SetUniformMatrix("modelToWorld", m)
    fu = sp.GetFragmentCustomUniforms()
    flat = np.zeros((MAX_OCCLUDERS, 4), dtype=np.float32)
    for i, (centre, radius) in enumerate(occluders[:MAX_OCCLUDERS]):
        flat[i, :3] = centre - origin_km
        flat[i, 3] = radius
    for i in range(MAX_OCCLUDERS):
        fu.SetUniform4f(f"occluder{i}", [float(x) for x in flat[i]])
    fu.SetUniformi("occluderCount", min(len(occluders), MAX_OCCLUDERS))
    fu.SetUniformi("jupiterSlot", jupiter_slot)
    fu.SetUniform3f("jupiterPole", [float(x) for x in jupiter_pole])
    fu.SetUniformf("jupiterStretch", float(jupiter_stretch))
    fu.SetUniform3f("sunDir", [float(x) for x in sun_direction])
    fu.SetUniformf("sunAngularRadius", float(sun_angular_radius_rad))
    fu.SetUniformi("shadowsOn", 1 if enabled else 0)
    jd = np.zeros(3) if jupiter_direction is None else jupiter_direction
    fu.SetUniform3f("jupiterDir", [float(x) for x in jd])
    fu.SetUniformf("jupiterShine", float(jupiter_shine))
    fu.SetUniformf("exposure", float(exposure))
