/**
 * How to wear the finger clip: a hand resting flat, one finger pushed all the way into the clip,
 * nail up, with the clip's cable running off to the side.
 */
export function FingerClipPicture() {
  return (
    <svg className="picture" viewBox="0 0 320 200" aria-hidden="true" focusable="false">
      {/* the table */}
      <rect x="8" y="166" width="304" height="12" rx="4" fill="#8d6e63" />
      {/* the hand: palm and wrist, three curled fingers, the index finger straight out */}
      <path
        d="M20 120 q0 -30 40 -34 l80 -4 q14 0 14 14 v6 l-10 40 h-110 q-14 0 -14 -22 z"
        fill="#c98b62"
        stroke="#1c1c1c"
        strokeWidth="4"
        strokeLinejoin="round"
      />
      <path d="M140 84 h100" stroke="#c98b62" strokeWidth="26" strokeLinecap="round" />
      <path
        d="M140 84 h100"
        stroke="#1c1c1c"
        strokeWidth="30"
        strokeLinecap="round"
        opacity="0.18"
      />
      <path
        d="M118 120 q20 4 22 30 M98 122 q18 6 18 30"
        fill="none"
        stroke="#1c1c1c"
        strokeWidth="3"
      />
      {/* the clip over the fingertip: upper and lower jaws and the hinge */}
      <rect
        x="196"
        y="52"
        width="92"
        height="30"
        rx="12"
        fill="#0b5394"
        stroke="#1c1c1c"
        strokeWidth="4"
      />
      <rect
        x="196"
        y="88"
        width="92"
        height="26"
        rx="12"
        fill="#0b5394"
        stroke="#1c1c1c"
        strokeWidth="4"
      />
      <circle cx="278" cy="84" r="8" fill="#37474f" />
      {/* the clip's little screen: a heart */}
      <rect x="214" y="58" width="40" height="18" rx="3" fill="#e3f2fd" />
      <path d="M234 62 c-3 -4 -9 -1 -6 3 l6 6 l6 -6 c3 -4 -3 -7 -6 -3 z" fill="#c62828" />
      {/* the cable */}
      <path d="M288 100 q24 10 20 60" fill="none" stroke="#37474f" strokeWidth="5" />
      {/* an arrow: push the finger in */}
      <path
        d="M150 40 h36 m-10 -9 l10 9 l-10 9"
        fill="none"
        stroke="#1b6e3a"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
