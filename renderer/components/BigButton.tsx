import { ButtonIcon, type ButtonIconName } from './ButtonIcon';

/** primary: the one way on; confirm: yes to what is shown; cancel: leave; secondary: another way. */
export type BigButtonVariant = 'primary' | 'confirm' | 'cancel' | 'secondary';

export interface BigButtonProps {
  label: string;
  icon: ButtonIconName;
  variant: BigButtonVariant;
  onPress: () => void;
  /**
   * The UiEvent (or step) the button stands for, as data-action: a hook that does not depend on
   * the words, so a test can press "Next" whatever language the screen is in.
   */
  action?: string;
  /** Shown but not pressable now (the keypad's code is being checked). */
  disabled?: boolean;
}

/** A touch target far above the 48 px minimum; the label is its accessible name. */
export function BigButton({ label, icon, variant, onPress, action, disabled }: BigButtonProps) {
  return (
    <button
      type="button"
      className={`big-button big-button--${variant}`}
      data-action={action}
      disabled={disabled}
      onClick={onPress}
    >
      <ButtonIcon name={icon} />
      <span>{label}</span>
    </button>
  );
}
