import { ButtonIcon, type ButtonIconName } from './ButtonIcon';

export type BigButtonVariant = 'primary' | 'confirm' | 'cancel';

export interface BigButtonProps {
  label: string;
  icon: ButtonIconName;
  variant: BigButtonVariant;
  onPress: () => void;
}

/** A touch target far above the 48 px minimum; the label is its accessible name. */
export function BigButton({ label, icon, variant, onPress }: BigButtonProps) {
  return (
    <button type="button" className={`big-button big-button--${variant}`} onClick={onPress}>
      <ButtonIcon name={icon} />
      <span>{label}</span>
    </button>
  );
}
