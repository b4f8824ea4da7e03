package plan

import (
	"fmt"
	"math"

	"halo/check"
	"halo/mission"
	"halo/units"
)

// aadFiringCheck judges where jumper j's AAD fires (fire, m above the landing
// ground): an AAD that would fire below the landing ground never fires, one that
// fires above the planned opening fires in free fall before the pull. Both are
// NO-GO; the numbers are on the side nearer to failing.
func aadFiringCheck(m *mission.Mission, j *mission.Jumper, jp JumperPlan, fire float64) check.Check {
	ground, basis := m.AADGround(j)
	deploy := jp.OpenAltAGLM
	fix := fmt.Sprintf("switch the AAD on at the drop zone (aad.armed_at: target) or set its altitude offset to %+.0f m (%+.0f ft) (aad.offset)",
		m.Target.Elevation-m.Aircraft.TakeoffElevation, (m.Target.Elevation-m.Aircraft.TakeoffElevation)/units.Foot)
	c := check.Check{Name: jp.Name + ": AAD firing altitude",
		Value: fmt.Sprintf("fires at %s above the landing ground (%s, its ground %s MSL)", ft(fire), basis, ft(ground)),
		Limit: fmt.Sprintf("between the landing ground (0 ft AGL) and the planned opening (%s AGL)", ft(deploy)),
		Source: "[CYPRES]: the activation altitude is measured from the ground where the AAD was switched on, plus its altitude offset; " +
			"limits.aad_altitude / jumpers[].aad.altitude"}
	if fire < 0 || (fire <= deploy && fire < deploy-fire) || math.IsNaN(deploy) {
		c = c.Numbers(fire, 0, "m", check.AtLeast)
		c.Detail = fmt.Sprintf("the AAD would fire %s below the landing ground: it never fires. %s", ft(-fire), fix)
	} else {
		c = c.Numbers(fire, deploy, "m", check.AtMost)
		c.Detail = fmt.Sprintf("the AAD would fire at %s AGL, above the planned opening at %s AGL: it fires in free fall before the pull. %s", ft(fire), ft(deploy), fix)
	}
	if c.Status == check.Go {
		c.Detail = ""
	}
	return c
}
