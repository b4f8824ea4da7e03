// Package physio assesses a HALO jumper's physiology along the exposure profile:
// decompression sickness (DCS), hypoxia, the bail-out bottle and cold. It does no I/O.
//
// Every figure is a PLANNING ESTIMATE from simple models fitted to, or read from,
// published tables (docs/sources.md, Physiology and oxygen); it is not ADRAC, not a
// medical clearance, and individual risk varies widely. Result.Note says so, and Result.Assumptions lists
// every default used.
//
// Entry point: Assess(Input) (Result, error). The profile is: a climb on air to the
// prebreathe altitude (if the prebreathe is in flight), the prebreathe on 100 % O₂
// (with any air breaks), the climb on 100 % O₂ (cabin capped at CabinAlt when
// pressurised), the depressurisation, the time at altitude (switching from console
// O₂ to the bail-out bottle SwitchToBottle s before exit), free fall and canopy
// descent on the bottle until it empties. With NoConsoleO2 (a sport load without
// aircraft oxygen) the jumper breathes air until the switch to the bottle. Tissues
// start in equilibrium with air at the ground.
//
// The checks (checks.go) carry their value and no-go limit in SI (check.Numbers), so
// their status follows the numbers; a caution is only set on a value inside its limit.
//
//   - Oxygen rules follow the jump type (OxygenRulesFor): civil jumps (sport, stunt)
//     need no O₂ up to 15,000 ft MSL [CFR91211] [USPA-SIM67]; military free fall needs
//     it at and above 10,000 ft, with the free-fall-school exception to 13,000 ft for
//     2 h [AFI409]. The bail-out floor defaults to the same altitude (Input.BottleFloor).
//   - Prebreathe by the doctrine rows (PrebreatheDoctrine): by the exposure's highest
//     pressure altitude, the uninterrupted prebreathe and the longest exposure at or
//     above FL200 [AFI409] [AFM-25K] [WEBB35]; too short is no-go.
//   - Alveolar O₂ on 100 % O₂ below that at 40,000 ft (54 mmHg, MinPAO2) is no-go
//     [AGE] [USPA-SIM67].
//   - TR360: N₂ tension of a 360-min half-time tissue over ambient pressure (NASA
//     definition, Conkin 2004 [CONK04]), dry-gas convention (0.79 × P).
//   - Bühlmann ZH-L16C [SUBS]: 16 N₂ compartments by the Schreiner equation
//     per step; the compartment closest to its M-value (a diving model: a comparison).
//   - DCS risk: RiskModel (see its documentation), fitted by maximum likelihood to
//     the published AFRL altitude-chamber results in testdata/afrl_dcs.csv.
//   - TUC: FAA AC 61-107 Table 1-1 [AC61107]; alveolar O₂ by the alveolar gas
//     equation [AGE]; bottle duration from water volume, gauge pressure and a demand
//     regulator at BreathingRate L/min BTPS (default 30 L/min, 14 CFR 25.1443(c)(2) [CFR251443]).
//   - Cold: NWS/Environment Canada 2001 wind chill [NWS-WC] at the relative wind,
//     clamped at 60 mph and flagged (free-fall speeds are far beyond the formula), and
//     Environment Canada's frostbite bands.
//
// # Calibration of the DCS model
//
// Model incidence against every published point (testdata/afrl_dcs.csv; ft = exposure
// altitude, PB = ground prebreathe min, at = minutes at altitude when observed; "excl"
// points are shown but were not fitted). TestCalibrationErrors pins these values.
//
//	id  study   alt ft  PB  break  at   TR360  observed  model  error
//	1a  WEBB98  11500    0    -   240  1.212     0 %     0.0 %   +0.0
//	1b  WEBB98  15000    0    -   240  1.391     0 %     1.8 %   +1.8
//	1c  WEBB98  16500    0    -   240  1.477     0 %     4.9 %   +4.9
//	1d  WEBB98  18100    0    -   240  1.576     0 %    10.5 %  +10.5
//	1e  WEBB98  19800    0    -   240  1.690     0 %    19.7 %  +19.7
//	1f  WEBB98  21200    0    -   240  1.792     5 %    29.8 %  +24.8
//	1g  WEBB98  22500    0    -   240  1.893    55 %    41.1 %  -13.9
//	2a  WP05    30000   60    -   240  2.338    87 %    82.9 %   -4.1
//	2b  WP05    22500   60    -   240  1.686    26 %    21.6 %   -4.4
//	2c  WP05    22500   60    -    90  1.686   <6 %     14.1 %   +9.1 (vs 5 %)
//	2d  WP05    25000   60    -    90  1.876   <6 %     22.8 %  +17.8 (vs 5 %)
//	3a  WEBB96  30000   60    -   240  2.338    77 %    82.9 %   +5.9
//	3b  WEBB96  30000   60*   -   240  2.338    42 %    82.9 %  +40.9 excl (*exercise in PB)
//	3c  WEBB96  30000   15*   -   240  2.550    64 %    89.1 %  +25.1 excl (*exercise in PB)
//	4   WEBB02  30000  240    -   240  1.653    40 %    25.9 %  -14.1
//	5a  WEBB04  25000    0    -   240  2.106  >80 %     62.6 %  -17.4 (vs 80 %)
//	5b  WEBB04  25000   60    -   240  1.876    63 %    43.3 %  -19.7
//	5c  WEBB04  25000   60*   -   240  1.876    25 %    43.3 %  +18.3 excl (*MEEP)
//	5d  WEBB04  25000   30*   -   240  1.988    40 %    53.9 %  +13.9 excl (*MEEP)
//	6A  PIL04   35000   90    -   180  2.778    94 %    92.4 %   -1.6
//	6B  PIL04   25000   30    -   240  1.988    61 %    53.9 %   -7.1
//	6C  PIL04   22500   15    -   240  1.839    30 %    35.9 %   +5.9
//	6D  PIL04   18000    0    -   360  1.570    13 %    10.0 %   -3.0
//	6E  PIL04   30000   75    -   240  2.272    58 %    80.3 %  +22.3
//	7a  WEBB35  35000   75    -    30  2.859     8 %    23.5 %  +15.5 (rest)
//	7b  WEBB35  35000   75    -    30  2.859    23 %    23.5 %   +0.5 (exercise)
//	8a  PIL10   30000   60    -    60  2.338    24 %    29.9 %   +5.9
//	8b  PIL10   30000   60    -   120  2.338    52 %    57.6 %   +5.6
//	8c  PIL10   30000   60   10    60  2.341    40 %    30.0 %  -10.0
//	8d  PIL10   30000   60   20    60  2.343    45 %    30.1 %  -14.9
//	8e  PIL10   30000   60   60    60  2.353    47 %    30.3 %  -16.7
//	8f  PIL10   30000   60   20   120  2.343    70 %    57.8 %  -12.2
//	8g  PIL10   30000   60   60   120  2.353    69 %    58.1 %  -10.9
//	9   WMS16   22500    0    -   240  1.893     0 %    41.1 %  +41.1 excl (seated)
//
// Reading it: the model is conservative near the zero-prebreathe threshold (study 1
// below 21,200 ft) and early in exposures (2c, 2d, 7a) — the part that matters for
// jumps of minutes at altitude — but it under-predicts some 4-h mild-exercise arms
// (4, 5a, 5b) and the effect of air breaks (8c–8g), which the 360-min tissue sees
// only faintly; the prebreathe check therefore cautions on any break. Many arm sizes
// were not published and were assumed (testdata/SOURCES.md).
package physio
