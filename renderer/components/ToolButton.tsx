import { ToolIcon, type ToolIconName } from './ToolIcon';

export interface ToolButtonProps {
  /** data-tool: the hook tests press it by, whatever the language. */
  tool: string;
  icon: ToolIconName;
  label: string;
  /** Set for on/off settings, so a screen reader says whether it is on. */
  pressed?: boolean;
  onPress: () => void;
  /** Extra data- attributes (the replay button reports the prompt's playback state). */
  data?: Record<`data-${string}`, string>;
}

/** A small settings button: a picture over a short word, still far above the 48 px minimum. */
export function ToolButton({ tool, icon, label, pressed, onPress, data }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool-button"
      data-tool={tool}
      aria-pressed={pressed}
      onClick={onPress}
      {...data}
    >
      <ToolIcon name={icon} />
      <span>{label}</span>
    </button>
  );
}
