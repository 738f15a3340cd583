import { IsString, Length } from 'class-validator';

export class CustomerIdParams {
  @IsString() @Length(1, 100) id: string;
}
